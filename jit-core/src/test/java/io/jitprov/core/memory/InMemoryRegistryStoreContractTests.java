package io.jitprov.core.memory;

import io.jitprov.core.AbstractRegistryStoreContractTests;
import io.jitprov.core.registry.RegistryStore;

class InMemoryRegistryStoreContractTests extends AbstractRegistryStoreContractTests {

    @Override
    protected RegistryStore createStore() {
        return new InMemoryRegistryStore();
    }
}
