package dev.graphlaunch.gateway.auth;

import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(ApiKey.class)
public interface ApiKeyDao {

    @SqlUpdate("insert into api_keys (id, tenant_id, principal, key_hash, key_prefix, scopes, description)"
            + " values (:id, :tenantId, :principal, :keyHash, :keyPrefix, :scopes, :description)")
    void insert(@Bind("id") UUID id, @Bind("tenantId") String tenantId, @Bind("principal") String principal,
            @Bind("keyHash") String keyHash, @Bind("keyPrefix") String keyPrefix,
            @Bind("scopes") String[] scopes, @Bind("description") String description);

    @SqlQuery("select id, tenant_id, principal, key_hash, key_prefix, scopes, description, created_at, revoked_at"
            + " from api_keys where key_hash = :keyHash")
    Optional<ApiKey> findByHash(@Bind("keyHash") String keyHash);

    @SqlQuery("select id, tenant_id, principal, key_hash, key_prefix, scopes, description, created_at, revoked_at"
            + " from api_keys where id = :id")
    Optional<ApiKey> findById(@Bind("id") UUID id);

    @SqlUpdate("update api_keys set revoked_at = now() where id = :id and revoked_at is null")
    int revoke(@Bind("id") UUID id);
}
