package io.jitprov.core.memory;

import io.jitprov.core.AbstractDelegationStoreContractTests;
import io.jitprov.core.delegation.DelegationStore;

class InMemoryDelegationStoreContractTests extends AbstractDelegationStoreContractTests {

    @Override
    protected DelegationStore createStore() {
        return new InMemoryDelegationStore();
    }
}
