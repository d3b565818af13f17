package dev.graphlaunch.gateway.auth;

import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(ApiKey.class)
public interface ApiKeyDao {

    @SqlUpdate("insert into api_keys (id, tenant_id, principal, key_hash, key_prefix, scopes, description)"
            + " values (:id, :tenantId, :principal, :keyHash, :keyPrefix, :scopes, :description)")
    void insert(UUID id, String tenantId, String principal,
            String keyHash, String keyPrefix,
            String[] scopes, String description);

    @SqlQuery("select id, tenant_id, principal, key_hash, key_prefix, scopes, description, created_at, revoked_at"
            + " from api_keys where key_hash = :keyHash")
    Optional<ApiKey> findByHash(String keyHash);

    @SqlQuery("select id, tenant_id, principal, key_hash, key_prefix, scopes, description, created_at, revoked_at"
            + " from api_keys where id = :id")
    Optional<ApiKey> findById(UUID id);

    @SqlUpdate("update api_keys set revoked_at = now() where id = :id and revoked_at is null")
    int revoke(UUID id);
}
