/**
 * redlet: a Redis-compatible engine that runs wherever JavaScript runs.
 *
 * @example
 * ```ts
 * import { Engine } from 'redlet'
 * const engine = new Engine()
 * const session = engine.createSession({ write: (reply) => console.log(reply) })
 * engine.dispatch(session, ['SET', 'greeting', 'hello'])
 * ```
 */
export { Engine, type EngineOptions, type PropagateListener } from './engine.js'
export { REDIS_VERSION, REDLET_VERSION } from './version.js'
export { Session, type ReplySink, type SessionKind, type SessionOptions } from './session.js'
export { ManualClock, systemClock, type Clock } from './core/clock.js'
export { Config, ConfigValueError, parseMemory, type ConfigSpec } from './core/config.js'
export { configSpecs, parseOutputBufferLimits } from './core/config-specs.js'
export { utf8Encode, utf8Decode, fromBytes, toBytes, isAscii } from './core/bytes.js'
export { globMatch } from './core/glob.js'
export { CODEC_VERSION, decodeValue, encodeValue } from './core/codec.js'
export { CodecError } from './core/codec-error.js'
export { prepareRestore, type RestoreStep } from './core/snapshot.js'
export { AofLog, AofManifestError, aofNames, encodeCommand, formatManifest, nextSeqs, parseManifest, readAof } from './core/aof.js'
export type { AofFileInfo, AofManifest, AofReadResult } from './core/aof.js'
export { aofRewriteGrowth, BGSAVE_RETRY_DELAY_MS, dueSaveRule, parseSaveRules, SnapshotJob } from './core/persistence.js'
export { isRdbFile, prepareRdbRestore, readRdbFile, type RdbEntry, type RdbFile } from './core/rdb/file.js'
export { RdbError } from './core/rdb/rdb-io.js'
export type { BgsaveResult, DeniedWrites, PersistenceHost, PersistenceStatus, RewriteResult, SaveResult, ShutdownOptions, ShutdownResult } from './core/persistence.js'
export { installPersistence } from './commands/persistence.js'
export { AclErr, CommandError, Err, protocolError, WorkersErr } from './errors.js'
export { ScriptErr } from './errors.js'
export { sha1Hex } from './core/sha1.js'
export { SCRIPT_FLAGS, isScriptFlag, validName } from './core/scripting.js'
export type { CompiledLibrary, FunctionInfo, ScriptApi, ScriptFlag, ScriptingHost } from './core/scripting.js'
export { allCommands, commandGroups } from './commands/table.js'
export { keyPositions, type Command, type CommandSpec } from './commands/define.js'
export type { ClientIoSource, ClientIoStats } from './commands/client-info.js'
export { onUnpause, postponeUntil } from './commands/client-pause.js'
export { setConfigRewriter, type ConfigRewriter } from './commands/server-config.js'
export { rewriteConfigText } from './core/config-rewrite.js'
export * from './resp/index.js'
