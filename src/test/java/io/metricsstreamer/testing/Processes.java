package io.metricsstreamer.testing;

import java.util.concurrent.TimeUnit;

/** Ending the processes tests start (servers, Redis, nginx) so that none outlives its test. */
public final class Processes {
    private Processes() {
    }

    /**
     * Ends {@code process}: SIGKILL when {@code kill}, else SIGTERM followed by SIGKILL if it is still running after
     * {@code graceSeconds}; then waits up to as long again for it to be gone.
     */
    public static void end(Process process, boolean kill, long graceSeconds) {
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(graceSeconds, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
