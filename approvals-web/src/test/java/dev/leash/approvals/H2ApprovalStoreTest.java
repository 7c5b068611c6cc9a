package dev.leash.approvals;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store: an H2 file under the work directory. */
class H2ApprovalStoreTest extends ApprovalStoreContract {

    @TempDir
    Path work;

    private ApprovalStore store;

    @Override
    ApprovalStore store() {
        store = ApprovalStore.embedded(work);
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }
}
