package io.jitprov.core.memory;

import io.jitprov.core.AbstractUserDirectoryContractTests;
import io.jitprov.core.UserDirectory;

class InMemoryUserStoreContractTests extends AbstractUserDirectoryContractTests {

    @Override
    protected UserDirectory createStore() {
        return new InMemoryUserStore();
    }
}
