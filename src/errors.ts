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
    'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
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
  placeholder: 'ERR placeholder',
} as const

/** server, connection and CLIENT. */
export const ServerErr = {
  placeholder: 'ERR placeholder',
} as const

/** string group. */
export const StringErr = {
  placeholder: 'ERR placeholder',
} as const

/** hash group. */
export const HashErr = {
  placeholder: 'ERR placeholder',
} as const

/** list group (blocking list commands included). */
export const ListErr = {
  placeholder: 'ERR placeholder',
} as const

/** set group. */
export const SetErr = {
  placeholder: 'ERR placeholder',
} as const

/** sorted-set group (BZPOP* included). */
export const ZsetErr = {
  placeholder: 'ERR placeholder',
} as const

/** pubsub and transactions. */
export const MessagingErr = {
  placeholder: 'ERR placeholder',
} as const
