package dev.leash.tiers.credential;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.leash.api.SafetyLevel;
import dev.leash.api.tool.CredentialProvider;

/**
 * Binds {@link CredentialProvider}: the deployment's raw credentials ({@link Credentials#bind};
 * none by default) capped at the level's ceiling by {@link ScopedCredentials}. Needs a {@link
 * SafetyLevel} binding. Installed by {@link dev.leash.tiers.TierModule}.
 */
public final class CredentialsModule extends AbstractModule {

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), Credentials.rawKey()).setDefault().toInstance(CredentialProvider.none());
    }

    @Provides
    @Singleton
    CredentialProvider scoped(SafetyLevel level, @RawCredentials CredentialProvider raw) {
        return new ScopedCredentials(raw, ScopedCredentials.ceilingAt(level));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CredentialsModule;
    }

    @Override
    public int hashCode() {
        return CredentialsModule.class.hashCode();
    }
}
