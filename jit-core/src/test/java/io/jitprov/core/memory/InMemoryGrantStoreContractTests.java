package io.jitprov.core.memory;

import io.jitprov.core.AbstractGrantStoreContractTests;
import io.jitprov.core.elevation.GrantStore;

class InMemoryGrantStoreContractTests extends AbstractGrantStoreContractTests {

    @Override
    protected GrantStore createStore() {
        return new InMemoryGrantStore();
    }
}
