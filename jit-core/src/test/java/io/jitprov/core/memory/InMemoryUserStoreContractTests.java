package io.jitprov.core.memory;

import io.jitprov.core.AbstractUserStoreContractTests;
import io.jitprov.core.UserStore;

class InMemoryUserStoreContractTests extends AbstractUserStoreContractTests {

    @Override
    protected UserStore createStore() {
        return new InMemoryUserStore();
    }
}
