package io.jitprov.core;

class InMemoryGrantStoreContractTests extends AbstractGrantStoreContractTests {

    @Override
    protected GrantStore createStore() {
        return new InMemoryGrantStore();
    }
}
