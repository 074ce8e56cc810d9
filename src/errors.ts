/**
 * Every client-visible error text, byte for byte as Redis 7.0.15 writes it.
 * Fixed messages are constants in `Err`; messages with parameters are functions.
 * No other file writes error text (a meta test enforces it).
 */
import type { ProtocolErrorKind } from './resp/decoder.js'

/** A command failed with a Redis error reply. The engine turns it into `-<reply>`. */
export class CommandError extends Error {
  constructor(readonly reply: string) {
    super(reply)
    this.name = 'CommandError'
  }
}

export const Err = {
  syntax: 'ERR syntax error',
  internal: 'ERR internal error',
  wrongType: 'WRONGTYPE Operation against a key holding the wrong kind of value',
  notInteger: 'ERR value is not an integer or out of range',
  notFloat: 'ERR value is not a valid float',
  overflow: 'ERR increment or decrement would overflow',
  decrementOverflow: 'ERR decrement would overflow',
  nanOrInfinity: 'ERR increment would produce NaN or Infinity',
  noSuchKey: 'ERR no such key',
  indexOutOfRange: 'ERR index out of range',
  dbIndexOutOfRange: 'ERR DB index is out of range',
  invalidDbIndex: 'ERR invalid DB index',
  sameObject: 'ERR source and destination objects are the same',
  noAuth: 'NOAUTH Authentication required.',
  wrongPass: 'WRONGPASS invalid username-password pair or user is disabled.',
  authNotConfigured:
    'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
  helloNoAuth:
    'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
  noProto: 'NOPROTO unsupported protocol version',
  protocolVersionNotInteger: 'ERR Protocol version is not an integer or out of range',
  maxClients: 'ERR max number of clients reached',
  stringTooLong: 'ERR string exceeds maximum allowed size (proto-max-bulk-len)',
  offsetOutOfRange: 'ERR offset is out of range',
  multiNested: 'ERR MULTI calls can not be nested',
  execWithoutMulti: 'ERR EXEC without MULTI',
  discardWithoutMulti: 'ERR DISCARD without MULTI',
  watchInMulti: 'ERR WATCH inside MULTI is not allowed',
  execAbort: 'EXECABORT Transaction discarded because of previous errors.',
  timeoutNotFloat: 'ERR timeout is not a float or out of range',
  timeoutNegative: 'ERR timeout is negative',
  timeoutOutOfRange: 'ERR timeout is out of range',
  numkeysZero: 'ERR numkeys should be greater than 0',
  numkeysTooBig: "ERR Number of keys can't be greater than number of args",
  countPositive: 'ERR count should be greater than 0',
  limitNegative: "ERR LIMIT can't be negative",
  valueOutOfRangePositive: 'ERR value is out of range, must be positive',
  /** A random-pick count (SRANDMEMBER, HRANDFIELD, ZRANDMEMBER) of -2^63. */
  randomCountRange: 'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807',
  oom: "OOM command not allowed when used memory > 'maxmemory'.",
  noScript: 'NOSCRIPT No matching script. Please use EVAL.',
  clientNameSpaces: 'ERR Client names cannot contain spaces, newlines or special characters.',
  noSuchClient: 'ERR No such client',
  clientKillSyntax: 'ERR syntax error',
  clientIdNotInteger: 'ERR client-id should be greater than 0',
  unblockNotBlocked: 'ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR',
  unblocked: 'UNBLOCKED client unblocked via CLIENT UNBLOCK',
  expireInvalid: 'ERR invalid expire time in',
  nxXxGtLtExclusive: 'ERR NX and XX, GT or LT options at the same time are not compatible',
  gtLtNxExclusive: 'ERR GT, LT, and/or NX options at the same time are not compatible',
  lcsBothIdxLen: "ERR If you want both the length and indexes, please just use IDX.",
  lcsWrongType: 'ERR The specified keys must contain string values',
  bitOffset: 'ERR bit offset is not an integer or out of range',
  bitValue: 'ERR bit is not an integer or out of range',
  minOrMaxNotFloat: 'ERR min or max is not a float',
  minOrMaxNotValidString: 'ERR min or max not valid string range item',
  weightNotFloat: 'ERR weight value is not a float',
  scoreNaN: 'ERR resulting score is not a number (NaN)',
  incrOneScorePair: 'ERR INCR option supports a single increment-element pair',
  hashValueNotInteger: 'ERR hash value is not an integer',
  hashValueNotFloat: 'ERR hash value is not a float',
  noSuchSubcommandHelp: 'ERR syntax error',
  configSetPairs: 'ERR wrong number of arguments for \'config|set\' command',
  invalidCursor: 'ERR invalid cursor',
  pubsubContext:
    "only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context",
  noPermission: "NOPERM this user has no permissions to run the",
  busyKey: 'BUSYKEY Target key name already exists.',
  notBusy: 'NOTBUSY No scripts in execution right now.',
  crossSlot: "CROSSSLOT Keys in request don't hash to the same slot",
} as const

export function wrongArity(fullName: string): string {
  return `ERR wrong number of arguments for '${fullName}' command`
}

/** Redis quotes at most 128 bytes of each argument, and newlines become spaces. */
export function unknownCommand(name: string, args: readonly string[]): string {
  let list = ''
  for (const a of args) {
    if (list.length >= 128) break
    list += `'${a.slice(0, 128 - list.length)}' `
  }
  return scrub(`ERR unknown command '${name.slice(0, 128)}', with args beginning with: ${list}`)
}

export function unknownSubcommand(sub: string, container: string): string {
  return scrub(`ERR unknown subcommand '${sub.slice(0, 128)}'. Try ${container.toUpperCase()} HELP.`)
}

export function unknownSubcommandOrArity(sub: string, container: string): string {
  return scrub(`ERR unknown subcommand or wrong number of arguments for '${sub.slice(0, 128)}'. Try ${container.toUpperCase()} HELP.`)
}

/** Error replies are one line: Redis turns CR and LF inside them into spaces. */
function scrub(s: string): string {
  return s.replace(/[\r\n]/g, ' ')
}

export function helloSyntax(option: string): string {
  return `ERR Syntax error in HELLO option '${option}'`
}

export function invalidExpire(command: string): string {
  return `ERR invalid expire time in '${command}' command`
}

export function pubsubContext(command: string): string {
  return `ERR Can't execute '${command}': ${Err.pubsubContext}`
}

export function unknownConfig(command: string, name: string): string {
  return `ERR Unknown option or number of arguments for CONFIG ${command} - '${name}'`
}

export function configSetFailed(name: string, reason: string): string {
  return `ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`
}


export function mustBePositive(what: string): string {
  return `ERR ${what} should be greater than 0`
}

export function isOutOfRange(what: string): string {
  return `ERR ${what} is out of range`
}

export function noPermission(command: string): string {
  return `NOPERM this user has no permissions to run the '${command}' command`
}

export function execAbortQueued(err: string): string {
  return `EXECABORT Transaction discarded because of: ${err.startsWith('-') ? err.slice(1) : err}`
}

export function errorWithoutPrefix(message: string): string {
  return message.startsWith('ERR ') ? message.slice(4) : message
}

/** The reply for a protocol error; the connection is closed after it. */
export function protocolError(kind: ProtocolErrorKind, byte: number): string | null {
  switch (kind) {
    case 'too-big-mbulk-count':
      return 'ERR Protocol error: too big mbulk count string'
    case 'invalid-mbulk-length':
      return 'ERR Protocol error: invalid multibulk length'
    case 'too-big-bulk-count':
      return 'ERR Protocol error: too big bulk count string'
    case 'expected-dollar':
      return `ERR Protocol error: expected '$', got '${String.fromCharCode(byte)}'`
    case 'invalid-bulk-length':
      return 'ERR Protocol error: invalid bulk length'
    case 'too-big-inline':
      return 'ERR Protocol error: too big inline request'
    case 'unbalanced-quotes':
      return 'ERR Protocol error: unbalanced quotes in request'
    case 'unauthenticated-mbulk':
      return 'ERR Protocol error: unauthenticated multibulk length'
    case 'unauthenticated-bulk':
      return 'ERR Protocol error: unauthenticated bulk length'
    case 'query-buffer-limit':
      // Redis drops the client without a reply.
      return null
  }
}

/** Reasons CONFIG SET gives after "CONFIG SET failed (possibly related to argument '<name>') - ". */
export const ConfigReason = {
  yesNo: "argument must be 'yes' or 'no'",
  memory: 'argument must be a memory value',
  integer: "argument couldn't be parsed into an integer",
  immutable: "can't set immutable config",
  protectedConfig: "can't set protected config",
  duplicate: 'duplicate parameter',
  save: 'Invalid save parameters',
  bufferLimitArgs: 'Wrong number of arguments in buffer limit configuration.',
  bufferLimitClass: 'Invalid client class specified in buffer limit configuration.',
  bufferLimitValue: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.',
  keyspaceEvents: "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.",
  between: (min: string, max: string) => `argument must be between ${min} and ${max} inclusive`,
  oneOf: (values: readonly string[]) => `argument(s) must be one of the following: ${values.join(', ')}`,
} as const

// ---- Group-specific messages. Each group keeps its own object below. ----

/** generic (keys) group. */
export const KeyErr = {
  gtAndLt: 'ERR GT and LT options at the same time are not compatible',
  /** getIntFromObjectOrReply beyond a C int. */
  intOutOfRange: 'ERR value is out of range, value must between -2147483648 and 2147483647',
  lfuNotSelected:
    'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
  lfuSelected:
    'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
  /** EXPIRE's unknown option, printed as C's %s would (up to a NUL), on one line. */
  unsupportedOption: (opt: string): string => {
    const nul = opt.indexOf('\0')
    return `ERR Unsupported option ${nul < 0 ? opt : opt.slice(0, nul)}`.replace(/[\r\n]/g, ' ')
  },
} as const

/** server, connection and CLIENT. */
export const ServerErr = {
  invalidCommand: 'ERR Invalid command specified',
  noKeyArguments: 'ERR The command has no key arguments',
  invalidNumberOfArguments: 'ERR Invalid number of arguments specified for command',
  invalidArguments: 'ERR Invalid arguments specified for command',
  invalidClientId: 'ERR Invalid client ID',
  invalidFirstDbIndex: 'ERR invalid first DB index',
  invalidSecondDbIndex: 'ERR invalid second DB index',
  noConfigFile: 'ERR The server is running without a config file',
  cachingWithoutTracking: 'ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled',
  pauseMode: 'ERR CLIENT PAUSE mode must be WRITE or ALL',
  pauseTimeoutNotInteger: 'ERR timeout is not an integer or out of range',
  /** An int argument (SELECT's index) beyond 32 bits. */
  intOutOfRange: 'ERR value is out of range, value must between -2147483648 and 2147483647',
} as const

/** CLIENT TRACKING and CLIENT CACHING. */
export const TrackingErr = {
  redirectTwice: 'ERR A client can only redirect to a single other client',
  redirectMissing: 'ERR The client ID you want redirect to does not exist',
  prefixWithoutBcast: 'ERR PREFIX option requires BCAST mode to be enabled',
  switchBcast: "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.",
  optWithBcast: 'ERR OPTIN and OPTOUT are not compatible with BCAST',
  optinAndOptout: "ERR You can't specify both OPTIN mode and OPTOUT mode",
  switchOpt: "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.",
  cachingYes: 'ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.',
  cachingNo: 'ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.',
} as const

/** Two BCAST prefixes of a client where one starts the other (Redis prints them with %s: up to a NUL). */
export function prefixOverlap(prefix: string, other: string, existing: boolean): string {
  const c = (v: string): string => (v.includes('\0') ? v.slice(0, v.indexOf('\0')) : v)
  return `ERR Prefix '${c(prefix)}' overlaps with ${existing ? 'an existing' : 'another provided'} prefix '${c(other)}'. Prefixes for a single client must not overlap.`
}

/** MONITOR, SLOWLOG and LATENCY. */
export const DiagnosticErr = {
  /** A MONITOR client (a replica to Redis) sending a command that reads, writes or may replicate. */
  replicaKeyspace: "ERR Replica can't interact with the keyspace",
  monitorDenyBlocking: "ERR MONITOR isn't allowed for DENY BLOCKING client",
  slowlogCount: 'ERR count should be greater than or equal to -1',
  latencyNoSamples: (event: string): string => `ERR No samples available for event '${event}'`,
} as const

export function configRewriteFailed(reason: string): string {
  return `ERR Rewriting config file: ${reason}`
}

export function unknownClientType(name: string): string {
  return `ERR Unknown client type '${name}'`
}

export function noSuchUser(name: string): string {
  return `ERR No such user '${name}'`
}

/** CLIENT SETINFO (Redis 7.2). */
export function setinfoUnknown(attr: string): string {
  return `ERR Unrecognized option '${attr}'`
}

export function setinfoBadValue(attr: string): string {
  return `ERR ${attr} cannot contain spaces, newlines or special characters.`
}

/** string group. */
export const StringErr = {
  lcsTooBig: 'ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len',
} as const

/** hash group. */
export const HashErr = {
  incrNanOrInfinity: 'ERR value is NaN or Infinity',
  withValuesCountRange: 'ERR value is out of range',
} as const

/** list group (blocking list commands included). */
export const ListErr = {
  rankZero:
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
  countNegative: "ERR COUNT can't be negative",
  maxlenNegative: "ERR MAXLEN can't be negative",
} as const

/** set group. */
export const SetErr = {
  // the other set errors are shared: Err.numkeysZero, numkeysTooBig, limitNegative, valueOutOfRangePositive, randomCountRange
  /** redlet's limit on SRANDMEMBER's repeats (core/values/random-picks.ts); Redis 7.0 has none. */
  randomCountTooLarge: 'ERR value is out of range',
} as const

/** sorted-set group (BZPOP* included). */
export const ZsetErr = {
  xxAndNx: 'ERR XX and NX options at the same time are not compatible',
  limitWithoutBy: 'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX',
  withscoresByLex: 'ERR syntax error, WITHSCORES not supported in combination with BYLEX',
  randCountRange: 'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807',
  valueOutOfRange: 'ERR value is out of range',
  atLeastOneKey: (command: string): string => `ERR at least 1 input key is needed for '${command}' command`,
} as const

/** pubsub and transactions. */
export const MessagingErr = {
  noMulti: 'ERR Command not allowed inside a transaction',
  subscribeDenyBlocking: "ERR SUBSCRIBE isn't allowed for a DENY BLOCKING client",
  psubscribeDenyBlocking: "ERR PSUBSCRIBE isn't allowed for a DENY BLOCKING client",
  ssubscribeDenyBlocking: "ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client",
} as const

/** scripting: EVAL, FCALL, SCRIPT, FUNCTION and the Lua `redis` library. */
export const ScriptErr = {
  noHost: 'ERR scripting is not available: no script engine is installed (redlet/lua installs one)',
  numkeysNegative: "ERR Number of keys can't be negative",
  badNumkeys: 'ERR Bad number of keys provided',
  compile: (msg: string): string => `ERR Error compiling script (new function): ${msg}`,
  compileFunction: (msg: string): string => `ERR Error compiling function: ${msg}`,
  registering: (msg: string): string => `ERR Error registering functions: ${msg}`,
  shebangInvalid: 'ERR Invalid script shebang',
  shebangEngine: (first: string): string => `ERR Unexpected engine in script shebang: ${first}`,
  shebangFlag: (flag: string): string => `ERR Unexpected flag in script shebang: ${flag}`,
  shebangOption: (option: string): string => `ERR Unknown lua shebang option: ${option}`,
  roWithWriteFlag: 'ERR Can not execute a script with write flag using *_ro command.',
  noArgs: 'ERR Please specify at least one argument for this redis lib call',
  argType: 'ERR Lua redis lib command arguments must be strings or integers',
  unknownCommand: 'ERR Unknown Redis command called from script',
  wrongArgs: 'ERR Wrong number of args calling Redis command from script',
  notAllowed: 'ERR This Redis command is not allowed from script',
  writeInReadOnly: 'ERR Write commands are not allowed from read-only scripts.',
  killed: 'ERR Script killed by user with SCRIPT KILL...',
  unkillable: 'UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.',
  busyScript: 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.',
  busyFunction: 'BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.',
  scriptFlushOption: 'ERR SCRIPT FLUSH only support SYNC|ASYNC option',
  scriptDebugOption: 'ERR Use SCRIPT DEBUG YES/SYNC/NO',
  debuggerUnsupported: 'ERR SCRIPT DEBUG YES|SYNC is not supported: redlet has no Lua debugger',
  functionFlushOption: 'ERR FUNCTION FLUSH only supports SYNC|ASYNC option',
  functionNotFound: 'ERR Function not found',
  libraryNotFound: 'ERR Library not found',
  libraryExists: (name: string): string => `ERR Library '${name}' already exists`,
  functionExists: (name: string): string => `ERR Function ${name} already exists`,
  missingMetadata: 'ERR Missing library metadata',
  invalidMetadata: 'ERR Invalid library metadata',
  engineNotFound: (name: string): string => `ERR Engine '${name}' not found`,
  noLibraryName: 'ERR Library name was not given',
  nameTwice: 'ERR Invalid metadata value, name argument was given multiple times',
  invalidMetadataValue: (v: string): string => `ERR Invalid metadata value given: ${v}`,
  badName: 'ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long',
  noFunctions: 'ERR No functions registered',
  listNoLibraryName: 'ERR library name argument was not given',
  listUnknownArgument: (arg: string): string => `ERR Unknown argument ${arg}`,
  restorePayload: 'ERR DUMP payload version or checksum are wrong',
  restoreNotFunction: 'ERR given type is not a function',
  restoreLibraryExists: (name: string): string => `ERR Library ${name} already exists`,
  loadOption: (arg: string): string => `ERR Unknown option given: ${arg}`,
  restorePolicy: 'ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.',
  registerArity: 'ERR wrong number of arguments to redis.register_function',
  registerSingleArg: 'ERR calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).',
  registerNotFunction: 'ERR second argument to redis.register_function must be a function',
  registerCallbackType: 'ERR callback argument given to redis.register_function must be a function',
  registerFlagsType: 'ERR flags argument to redis.register_function must be a table representing function flags',
  registerUnknownFlag: 'ERR unknown flag given',
  registerUnknownArg: 'ERR unknown argument given to redis.register_function',
  registerNoName: 'ERR redis.register_function must get a function name argument',
  registerNoCallback: 'ERR redis.register_function must get a callback argument',
  registerDuplicate: 'ERR Function already exists in the library',
  replyArgs: 'ERR wrong number or type of arguments',
  sha1Args: 'ERR wrong number of arguments',
  setrespArgs: 'ERR redis.setresp() requires one argument.',
  setrespVersion: 'ERR RESP version must be 2 or 3.',
  logArgs: 'ERR redis.log() requires two arguments or more.',
  logLevelType: 'ERR First argument must be a number (log level).',
  logLevel: 'ERR Invalid debug level.',
  setReplArgs: 'ERR redis.set_repl() requires two arguments.',
  setReplFlags: 'ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.',
  aclCheckCommand: 'ERR Invalid command passed to redis.acl_check_cmd()',
  nonexistentGlobal: (name: string): string => `Script attempted to access nonexistent global variable '${name}'`,
  readonlyTable: 'Attempt to modify a readonly table',
  setnObsolete: "'setn' is obsolete",
  where: (message: string, name: string, source: string, line: number): string => `${message} script: ${name}, on ${source}:${line}.`,
  running: (name: string, msg: string): string => `ERR Error running script ${name}, ${msg.slice(0, 100)}`,
  /** Lua errors without a Redis code get ERR; one without a message (Redis 7.0 crashes) a generic one. */
  runtime: (text: string): string => `ERR ${text}`,
  unknownError: 'ERR unknown error in script',
} as const

/** stream group. */
export const StreamErr = {
  invalidId: 'ERR Invalid stream ID specified as stream command argument',
  xaddSmaller: 'ERR The ID specified in XADD is equal or smaller than the target stream top item',
  xaddZero: 'ERR The ID specified in XADD must be greater than 0-0',
  exhausted: 'ERR The stream has exhausted the last possible ID, unable to add more items',
  tooLarge: 'ERR Elements are too large to be stored',
  maxlenAndMinid: 'ERR syntax error, MAXLEN and MINID options at the same time are not compatible',
  limitWithoutApprox: 'ERR syntax error, LIMIT cannot be used without the special ~ option',
  limitWithoutStrategy: 'ERR syntax error, LIMIT cannot be used without specifying a trimming strategy',
  maxlenNegative: 'ERR The MAXLEN argument must be >= 0.',
  limitNegative: 'ERR The LIMIT argument must be >= 0.',
  invalidStart: 'ERR invalid start ID for the interval',
  invalidEnd: 'ERR invalid end ID for the interval',
  xsetidSmaller: 'ERR The ID specified in XSETID is smaller than the target stream top item',
  xsetidEntriesAdded: 'ERR The entries_added specified in XSETID is smaller than the target stream length',
  xsetidMaxDeleted: 'ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id',
  entriesAddedNegative: 'ERR entries_added must be positive',
  timeoutNotInteger: 'ERR timeout is not an integer or out of range',
  unbalanced: "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.",
  greaterOnlyInGroup: 'ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.',
  dollarInGroup:
    'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.',
  noackWithoutGroup: 'ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.',
  groupWithoutGroup: 'ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.',
  missingGroup: 'ERR Missing GROUP option for XREADGROUP',
  groupGone: 'NOGROUP the consumer group this client was blocked on no longer exists',
  keyGone: 'UNBLOCKED the stream key no longer exists',
  xgroupNoKey:
    'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.',
  busyGroup: 'BUSYGROUP Consumer Group name already exists',
  entriesRead: 'ERR value for ENTRIESREAD must be positive or -1',
  claimMinIdle: 'ERR Invalid min-idle-time argument for XCLAIM',
  claimIdle: 'ERR Invalid IDLE option argument for XCLAIM',
  claimTime: 'ERR Invalid TIME option argument for XCLAIM',
  claimRetryCount: 'ERR Invalid RETRYCOUNT option argument for XCLAIM',
  autoclaimMinIdle: 'ERR Invalid min-idle-time argument for XAUTOCLAIM',
  countPositive: 'ERR COUNT must be > 0',
  countTooHigh: 'ERR Insufficient memory, failed allocating transient memory, COUNT too high.',
  /** XREADGROUP: the key or the group is missing. */
  noGroupRead: (key: string, group: string): string => `NOGROUP No such key '${key}' or consumer group '${group}' in XREADGROUP with GROUP option`,
  /** XPENDING, XCLAIM, XAUTOCLAIM. */
  noGroup: (key: string, group: string): string => `NOGROUP No such key '${key}' or consumer group '${group}'`,
  /** XGROUP and XINFO. */
  noGroupForKey: (group: string, key: string): string => `NOGROUP No such consumer group '${group}' for key name '${key}'`,
  unknownClaimOption: (opt: string): string => `ERR Unrecognized XCLAIM option '${opt}'`,
} as const

/** persistence: SAVE, BGSAVE, BGREWRITEAOF, SHUTDOWN, and writes refused after a failed save. */
export const PersistErr = {
  saveFailed: 'ERR', // SAVE that could not write the file: Redis replies the bare code
  bgsaveInProgress: 'ERR Background save already in progress',
  bgsaveBusy: "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.",
  rewriteInProgress: 'ERR Background append only file rewriting already in progress',
  rewriteFailed: "ERR Can't execute an AOF background rewriting. Please check the server logs for more information.",
  noShutdown: 'ERR No shutdown in progress.',
  shutdownFailed: 'ERR Errors trying to SHUTDOWN. Check logs.',
  misconfRdb: "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.",
  misconfAof: (reason: string): string => `MISCONF Errors writing to the AOF file: ${reason}`,
  // no persistence host (in-process, Workers): no disk or process to act on
  noHost: (command: string): string => `ERR ${command} is not available: this engine has no persistence (redlet-server and startServer provide it)`,
} as const

/** bitmap group. */
export const BitErr = {
  bitposBit: 'ERR The bit argument must be 1 or 0.',
  bitopNot: 'ERR BITOP NOT must be called with a single source key.',
  bitfieldType: 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.',
  overflowType: 'ERR Invalid OVERFLOW type specified',
  bitfieldRo: 'ERR BITFIELD_RO only supports the GET subcommand',
} as const

/** hyperloglog group. */
export const HllErr = {
  notHll: 'WRONGTYPE Key is not a valid HyperLogLog string value.',
  corrupted: 'INVALIDOBJ Corrupted HLL object detected',
  noSuchKey: 'ERR The specified key does not exist',
  notSparse: 'ERR HLL encoding is not sparse',
  selftest: 'ERR TESTFAILED the HyperLogLog self test failed',
  unknownDebug: (sub: string): string => `ERR Unknown PFDEBUG subcommand '${sub}'`.replace(/[\r\n]/g, ' '),
} as const

/** geo group. */
export const GeoErr = {
  invalidPair: (lon: string, lat: string): string => `ERR invalid longitude,latitude pair ${lon},${lat}`,
  unit: 'ERR unsupported unit provided. please use M, KM, FT, MI',
  radiusNotNumeric: 'ERR need numeric radius',
  widthNotNumeric: 'ERR need numeric width',
  heightNotNumeric: 'ERR need numeric height',
  radiusNegative: 'ERR radius cannot be negative',
  boxNegative: 'ERR height or width cannot be negative',
  countPositive: 'ERR COUNT must be > 0',
  anyWithoutCount: 'ERR the ANY argument requires COUNT argument',
  noMember: 'ERR could not decode requested zset member',
  storeIncompatible: (what: string): string => `ERR ${what} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`,
  fromRequired: (command: string): string => `ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${command}`,
  byRequired: (command: string): string => `ERR exactly one of BYRADIUS and BYBOX can be specified for ${command}`,
} as const

/** SORT and SORT_RO. */
export const SortErr = {
  notDouble: "ERR One or more scores can't be converted into double",
} as const

/** Workers adapter (Worker entry, Durable Object, REST): transport and deployment messages, and Redis Cluster's refusals in sharded mode. */
export const WorkersErr = {
  noToken:
    'redlet refuses to serve: REDLET_TOKEN is not configured. Set it with `wrangler secret put REDLET_TOKEN` (or in .dev.vars for `wrangler dev`).',
  badShards: (value: string): string => `redlet refuses to serve: REDLET_SHARDS must be an integer from 1 to 1024, not ${JSON.stringify(value)}`,
  unauthorized: 'Unauthorized: a missing or wrong token (send Authorization: Bearer <REDLET_TOKEN>)',
  readOnly: (command: string): string => `NOPERM the read-only token may not run the '${command}' command (it refuses writes, KEYS and SCAN)`,
  badJson: 'ERR the request body must be a JSON array of command arguments',
  badPipeline: 'ERR the request body must be a JSON array of commands, each a JSON array of arguments',
  badArgument: 'ERR command arguments must be strings, numbers or booleans',
  emptyCommand: 'ERR empty command',
  notFound: (path: string): string => `ERR no such endpoint: ${path}`,
  methodNotAllowed: (method: string): string => `ERR method ${method} is not allowed here`,
  upgradeRequired: 'ERR /resp expects a WebSocket upgrade',
  noChannels: 'ERR subscribe needs at least one channel or pattern',
  clusterSelect: 'ERR SELECT is not allowed in cluster mode',
  clusterMove: 'ERR MOVE is not allowed in cluster mode',
  clusterSwapdb: 'ERR SWAPDB is not allowed in cluster mode',
  clusterCopyDb: 'ERR Copying to another database is not allowed in cluster mode',
  shardFailed: (shard: number, reason: string): string => `ERR shard ${shard} failed: ${reason}`.replace(/[\r\n]/g, ' '),
  /** redlet-bridge could not open the WebSocket to the Worker. */
  bridgeFailed: (reason: string): string => `ERR redlet-bridge cannot reach the Worker: ${reason}`.replace(/[\r\n]/g, ' '),
} as const

/** ACL: the ACL command, AUTH against users, permission denials (core/acl*.ts). */
export const AclErr = {
  noPermCommand: (command: string): string => `NOPERM this user has no permissions to run the '${command}' command`,
  noPermKey: 'NOPERM this user has no permissions to access one of the keys used as arguments',
  noPermChannel: 'NOPERM this user has no permissions to access one of the channels used as arguments',
  /** redis.call in a script run by a user without the permission. */
  scriptCommand: "ERR The user executing the script can't run this command or subcommand",
  scriptKey: "ERR The user executing the script can't access at least one of the keys mentioned in the command arguments",
  scriptChannel: "ERR The user executing the script can't publish to the channel mentioned in the command",
  /** ACL DRYRUN's replies (bulk strings, not errors). */
  dryrunCommand: (command: string): string => `This user has no permissions to run the '${command}' command`,
  dryrunKey: (key: string): string => `This user has no permissions to access the '${key}' key`,
  dryrunChannel: (channel: string): string => `This user has no permissions to access the '${channel}' channel`,
  dryrunNoUser: (name: string): string => `ERR User '${name}' not found`,
  dryrunNoCommand: (name: string): string => `ERR Command '${name}' not found`,
  /** ACL SETUSER: which rule failed and why. */
  modifier: (op: string, reason: string): string => `ERR Error in ACL SETUSER modifier '${op}': ${reason}`,
  syntax: 'Syntax error',
  unknownCommand: 'Unknown command or category name in ACL',
  badHash: 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters',
  noSuchPassword: 'The password you are trying to remove from the user does not exist',
  keyAfterAll:
    "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
  channelAfterAll:
    "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels",
  unmatchedParen: (op: string): string => `ERR Unmatched parenthesis in acl selector starting at '${op}'.`,
  badUsername: "ERR Usernames can't contain spaces or null characters",
  deleteDefault: "ERR The 'default' user cannot be removed",
  unknownCategory: (name: string): string => `ERR Unknown category '${name}'`,
  genpassBits: 'ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096',
  /** Protected mode refuses a client from outside the loopback interface (written before closing it). */
  protectedMode:
    "DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.",
  noAclFile:
    'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.',
} as const

/** CLUSTER, READONLY/READWRITE/ASKING in a standalone instance; WAIT and MEMORY. */
export const ClusterErr = {
  disabled: 'ERR This instance has cluster support disabled',
  /** WAIT's timeout (an integer of milliseconds). */
  waitTimeoutNotInteger: 'ERR timeout is not an integer or out of range',
} as const

/** DEBUG and MODULE (commands/debug.ts, module.ts) and their gates. */
export const DebugErr = {
  debugNotAllowed:
    'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.',
  moduleNotAllowed:
    'ERR MODULE command not allowed. If the enable-module-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.',
  reloadOptions: 'ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.',
  protocolType:
    'ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false',
  resp2Push: 'ERR RESP2 is not supported by this command',
  packedThreshold: 'ERR argument must be a memory value bigger than 1 and smaller than 4gb',
  notListpack: 'ERR Not a listpack encoded object.',
  notQuicklist: 'ERR Not a quicklist encoded object.',
  moduleLoad: 'ERR Error loading the extension. Please check the server logs.',
  moduleUnload: 'ERR Error unloading module: no such module with that name',
} as const

/** DUMP and RESTORE. */
export const DumpErr = {
  payload: 'ERR DUMP payload version or checksum are wrong',
  badData: 'ERR Bad data format',
  invalidTtl: 'ERR Invalid TTL value, must be >= 0',
  invalidIdletime: 'ERR Invalid IDLETIME value, must be >= 0',
  invalidFreq: 'ERR Invalid FREQ value, must be >= 0 and <= 255',
} as const
