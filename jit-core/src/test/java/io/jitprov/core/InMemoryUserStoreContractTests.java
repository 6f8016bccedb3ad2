package io.jitprov.core;

class InMemoryUserStoreContractTests extends AbstractUserStoreContractTests {

    @Override
    protected UserStore createStore() {
        return new InMemoryUserStore();
    }
}
