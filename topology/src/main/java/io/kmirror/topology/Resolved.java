package io.kmirror.topology;

/**
 * The value a setting takes for one flow, cluster or the whole process, and where it came from.
 *
 * @param file the properties file, or where a default was set ({@code reference.conf}, {@code
 *     environment})
 * @param key the key exactly as written ({@code A->B.topics}, {@code A.topics}, {@code topics}), or
 *     the setting's own key for a default
 * @param value the value, trimmed
 * @param explicit whether the file wrote it, rather than a default applying
 */
record Resolved(Setting setting, String file, String key, String value, boolean explicit) {}
