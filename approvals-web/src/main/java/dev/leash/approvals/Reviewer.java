package dev.leash.approvals;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import java.util.List;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A person who may answer approval requests, with their own identity. Immutable, thread-safe.
 *
 * @param name the reviewer's name (recorded with every answer)
 * @param secret how they prove it: a PBKDF2 password hash ({@code pbkdf2-sha256$iterations$salt$hash},
 *     made by {@link #hashPassword}) or, for a token from the environment, {@code token:} followed
 *     by the token's SHA-256 in hex
 * @param principals the principals whose runs they may decide ({@code *} for all)
 * @param agents the agents whose runs they may decide ({@code *} for all)
 * @param identities the principals this reviewer is themself: they never decide those runs
 */
public record Reviewer(String name, String secret, List<String> principals, List<String> agents, List<String> identities) {

    private static final int ITERATIONS = 210_000;

    public Reviewer {
        requireNonNull(name, "name is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a reviewer needs a name");
        }
        requireNonNull(secret, "secret is null");
        if (!secret.startsWith("pbkdf2-sha256$") && !secret.startsWith("token:")) {
            throw new IllegalArgumentException("reviewer " + name + ": the secret must be a pbkdf2-sha256 password hash or a token");
        }
        principals = List.copyOf(requireNonNull(principals, "principals is null"));
        agents = List.copyOf(requireNonNull(agents, "agents is null"));
        identities = List.copyOf(requireNonNull(identities, "identities is null"));
    }

    /** A reviewer who signs in with a password whose hash is {@code passwordHash}. */
    public static Reviewer withPasswordHash(String name, String passwordHash, List<String> principals, List<String> agents) {
        return new Reviewer(name, passwordHash, principals, agents, List.of());
    }

    /** A reviewer who signs in with {@code token} (read from the environment, never stored in clear). */
    public static Reviewer withToken(String name, String token, List<String> principals, List<String> agents) {
        requireNonNull(token, "token is null");
        if (token.length() < 16) {
            throw new IllegalArgumentException("reviewer " + name + ": the token must have at least 16 characters");
        }
        return new Reviewer(name, "token:" + sha256(token), principals, agents, List.of());
    }

    /** The same reviewer, who is also these principals (so never decides their runs). */
    public Reviewer withIdentities(List<String> more) {
        return new Reviewer(name, secret, principals, agents, more);
    }

    /** True when {@code password} (or token) is this reviewer's. Constant-time comparison. */
    public boolean verify(String password) {
        if (password == null || password.isEmpty()) {
            return false;
        }
        if (secret.startsWith("token:")) {
            return MessageDigest.isEqual(secret.substring(6).getBytes(StandardCharsets.UTF_8),
                    sha256(password).getBytes(StandardCharsets.UTF_8));
        }
        String[] parts = secret.split("\\$");
        if (parts.length != 4) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, pbkdf2(password, salt, iterations, expected.length * 8));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether this reviewer may decide a request of {@code agent}'s run for {@code principal}: the
     * principal or the agent is in their scope, and the principal is not the reviewer themself.
     */
    public boolean mayDecide(String principal, String agent) {
        if (principal.equalsIgnoreCase(name) || identities.stream().anyMatch(principal::equalsIgnoreCase)) {
            return false;
        }
        return principals.contains("*") || principals.stream().anyMatch(principal::equalsIgnoreCase)
                || agents.contains("*") || agents.contains(agent);
    }

    /** A PBKDF2-SHA256 hash of {@code password} with a random salt, for {@code password_hash:} in configuration. */
    public static String hashPassword(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, ITERATIONS, 256);
        return "pbkdf2-sha256$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(hash);
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int bits) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bits);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        }
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Reviewer[" + name + ", principals=" + principals + ", agents=" + agents + "]";
    }
}
