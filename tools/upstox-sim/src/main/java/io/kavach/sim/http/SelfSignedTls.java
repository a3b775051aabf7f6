package io.kavach.sim.http;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Date;

/**
 * A throwaway RSA key and self-signed certificate for {@code localhost} and {@code 127.0.0.1}
 * (subject alternative names, so hostname verification passes), made fresh at every start.
 * Clients trust it through {@link #certificate()}, {@link #clientSslContext()} or the PEM.
 *
 * <p>Immutable after construction; safe on any thread.
 */
public final class SelfSignedTls {
    private static final long VALIDITY_MS = 7L * 24 * 3600 * 1000;

    private final KeyPair keyPair;
    private final X509Certificate certificate;

    public SelfSignedTls() {
        try {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, new SecureRandom());
            keyPair = generator.generateKeyPair();
            final X500Name name = new X500Name("CN=localhost, O=Kavach Upstox simulator");
            final long now = System.currentTimeMillis(); // wall clock: certificate validity
            final X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(now), new Date(now - 60_000), new Date(now + VALIDITY_MS), name, keyPair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the simulator's self-signed certificate", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate in PEM, for a client in another process. */
    public String certificatePem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        } catch (Exception e) {
            throw new IllegalStateException("cannot encode the certificate", e);
        }
    }

    public SslContext serverContext() {
        try {
            return SslContextBuilder.forServer(keyPair.getPrivate(), certificate).build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the simulator's TLS context", e);
        }
    }

    /** A JDK SSLContext trusting only this certificate (for java.net.http.HttpClient and friends). */
    public SSLContext clientSslContext() {
        try {
            final KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("upstox-sim", certificate);
            final TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            final SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a client TLS context", e);
        }
    }
}
