package io.jitprov.core;

class InMemoryDelegationStoreContractTests extends AbstractDelegationStoreContractTests {

    @Override
    protected DelegationStore createStore() {
        return new InMemoryDelegationStore();
    }
}
