package io.jitprov.spring;

import io.jitprov.core.wiring.JitStores;
import io.jitprov.servlet.JitObserver;
import java.util.List;
import java.util.function.Consumer;

/** Every {@link JitObserver} bean of the application, told in order; one that throws does not keep the others from hearing. */
final class EveryObserver implements JitObserver {

    private final List<JitObserver> observers;

    private EveryObserver(List<JitObserver> observers) {
        this.observers = observers;
    }

    static JitObserver of(List<JitObserver> observers) {
        return switch (observers.size()) {
            case 0 -> JitObserver.NONE;
            case 1 -> observers.get(0);
            default -> new EveryObserver(List.copyOf(observers));
        };
    }

    @Override
    public void signIn(SignIn signIn) {
        tell(observer -> observer.signIn(signIn));
    }

    @Override
    public void scimRequest(String method, int status) {
        tell(observer -> observer.scimRequest(method, status));
    }

    @Override
    public void refreshed(Refresh refresh) {
        tell(observer -> observer.refreshed(refresh));
    }

    @Override
    public void started(JitStores stores) {
        tell(observer -> observer.started(stores));
    }

    private void tell(Consumer<JitObserver> call) {
        RuntimeException first = null;
        for (JitObserver observer : observers) {
            try {
                call.accept(observer);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first; // jit logs it, as it would one observer's
        }
    }
}
