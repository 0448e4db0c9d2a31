package io.metricsstreamer.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricsstreamer.transport.connection.TlsEngine;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Which engine {@code --tls-engine} gives, with OpenSSL's library loadable or not: {@code auto} takes OpenSSL when it
 * loads and says why when it falls back to the JDK's; {@code openssl} without it stops the start with a message that
 * says why and what to do.
 */
class EngineChoiceTest {
    private static final Throwable NOT_LOADED = new UnsatisfiedLinkError(
            "no netty_tcnative_linux_x86_64 in java.library.path");

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void theOpenSslLibraryLoadsOnLinuxX8664() {
        assertThat(OpenSsl.isAvailable()).as("netty-tcnative: %s", OpenSsl.unavailabilityCause()).isTrue();
        assertThat(OpenSsl.versionString()).isEqualTo("BoringSSL");
    }

    @Test
    void autoAndOpensslTakeOpensslWhenItLoads() throws TlsSetupException {
        for (TlsEngine wanted : new TlsEngine[] {TlsEngine.AUTO, TlsEngine.OPENSSL}) {
            EngineChoice choice = EngineChoice.of(wanted, true, "BoringSSL", null);

            assertThat(choice.engine()).isEqualTo(TlsEngine.OPENSSL);
            assertThat(choice.provider()).isEqualTo(SslProvider.OPENSSL);
            assertThat(choice.detail()).isEqualTo("OpenSSL engine, BoringSSL");
        }
    }

    @Test
    void jdkTakesTheJdksEngineEvenWhenOpensslLoads() throws TlsSetupException {
        EngineChoice choice = EngineChoice.of(TlsEngine.JDK, true, "BoringSSL", null);

        assertThat(choice.engine()).isEqualTo(TlsEngine.JDK);
        assertThat(choice.provider()).isEqualTo(SslProvider.JDK);
        assertThat(choice.detail()).isEqualTo("JDK engine, Java " + Runtime.version().feature());
    }

    @Test
    void autoFallsBackToTheJdksEngineAndSaysWhy() throws TlsSetupException {
        EngineChoice choice = EngineChoice.of(TlsEngine.AUTO, false, null,
                new IllegalStateException("failed to load", NOT_LOADED));

        assertThat(choice.engine()).isEqualTo(TlsEngine.JDK);
        assertThat(choice.provider()).isEqualTo(SslProvider.JDK);
        assertThat(choice.detail()).startsWith("JDK engine, Java ").endsWith("; OpenSSL's cannot be loaded here: "
                + "java.lang.IllegalStateException: failed to load, caused by " + NOT_LOADED);
    }

    @Test
    void opensslWithoutItsLibraryIsRefusedSayingWhyAndWhatToDo() {
        assertThatThrownBy(() -> EngineChoice.of(TlsEngine.OPENSSL, false, null, NOT_LOADED))
                .isInstanceOf(TlsSetupException.class)
                .hasMessage("--tls-engine openssl: the OpenSSL engine cannot be loaded on this machine (" + NOT_LOADED
                        + "); use --tls-engine auto or jdk for the JDK's engine");
    }
}
