package io.jitprov.sample;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** A service only admins may call, whatever page calls it: jit's roles under Spring's method security. */
@Service
class Reports {

    @PreAuthorize("hasRole('admin')")
    String forAdmins() {
        return "Every account in your tenant, for admins only.";
    }
}
