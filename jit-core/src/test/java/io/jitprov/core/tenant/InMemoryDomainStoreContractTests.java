package io.jitprov.core.tenant;

import io.jitprov.core.AbstractDomainStoreContractTests;

class InMemoryDomainStoreContractTests extends AbstractDomainStoreContractTests {

    @Override
    protected DomainStore createStore() {
        return DomainStore.inMemory();
    }
}
