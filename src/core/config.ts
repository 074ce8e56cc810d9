/**
 * The config registry: one typed table. CONFIG GET/SET, redis.conf parsing, the
 * CLI flags and INFO all read it; later features add their entries here.
 */
import { ConfigReason } from '../errors.js'
import { compileGlob } from './glob.js'

export type ConfigType = 'bool' | 'int' | 'memory' | 'string' | 'enum' | 'custom'

export interface ConfigSpec {
  readonly name: string
  readonly aliases?: readonly string[]
  readonly type: ConfigType
  /** The default as CONFIG GET prints it. */
  readonly default: string
  readonly min?: number
  readonly max?: number
  /** Allowed values of an enum. */
  readonly values?: readonly string[]
  /** False for settings fixed at start (CONFIG SET refuses them). */
  readonly mutable?: boolean
  /** CONFIG SET may change it only as `enable-protected-configs` allows. */
  readonly protected?: boolean
  /** Clamp applied after validation (Redis clamps hz to 500). */
  readonly clamp?: (n: number) => number
  /** For `custom`: returns the value to store, or throws a ConfigValueError with the reason. */
  readonly parse?: (value: string, current: string) => string
}

/** A value CONFIG SET refuses; `reason` is Redis's text after the dash. */
export class ConfigValueError extends Error {
  constructor(readonly reason: string) {
    super(reason)
  }
}

const INT64_MAX_TEXT = '9223372036854775807'

/** Parses a memory value: digits with an optional k/kb/m/mb/g/gb unit (memtoull). Null when invalid. */
export function parseMemory(v: string): number | null {
  const m = /^([0-9]+)(k|kb|m|mb|g|gb|b)?$/i.exec(v)
  if (!m) return null
  const n = Number(m[1])
  const unit = (m[2] ?? '').toLowerCase()
  const mul: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1024, m: 1000 ** 2, mb: 1024 ** 2, g: 1000 ** 3, gb: 1024 ** 3 }
  return n * (mul[unit] as number)
}

function validate(spec: ConfigSpec, value: string, current: string): string {
  switch (spec.type) {
    case 'bool': {
      const v = value.toLowerCase()
      if (v !== 'yes' && v !== 'no') throw new ConfigValueError(ConfigReason.yesNo)
      return v
    }
    case 'int':
    case 'memory': {
      let n: number | null
      if (spec.type === 'memory') {
        n = value.startsWith('-') ? null : parseMemory(value)
        if (n === null) throw new ConfigValueError(ConfigReason.memory)
      } else {
        n = /^-?[0-9]+$/.test(value) ? Number(value) : null
        if (n === null) throw new ConfigValueError(ConfigReason.integer)
      }
      const min = spec.min ?? 0
      const max = spec.max ?? Number.MAX_SAFE_INTEGER
      if (n < min || n > max) {
        const maxText = max === Number.MAX_SAFE_INTEGER ? INT64_MAX_TEXT : String(max)
        throw new ConfigValueError(ConfigReason.between(String(min), maxText))
      }
      return String(spec.clamp ? spec.clamp(n) : n)
    }
    case 'enum': {
      const v = value.toLowerCase()
      if (!(spec.values ?? []).includes(v)) {
        throw new ConfigValueError(ConfigReason.oneOf(spec.values ?? []))
      }
      return v
    }
    case 'string':
      return value
    case 'custom':
      return spec.parse ? spec.parse(value, current) : value
  }
}

/** `input` is the value as given, before normalizing (notify flags keep `n` that the stored text drops). */
type Listener = (name: string, value: string, input: string) => void

/** Config values of one engine. */
export class Config {
  private readonly values = new Map<string, string>()
  private readonly specs = new Map<string, ConfigSpec>()
  /** Names and aliases in registry order, for glob matching. */
  private readonly names: string[] = []
  private readonly listeners: Listener[] = []

  constructor(specs: readonly ConfigSpec[]) {
    for (const s of specs) {
      this.specs.set(s.name, s)
      this.names.push(s.name)
      for (const a of s.aliases ?? []) {
        this.specs.set(a, s)
        this.names.push(a)
      }
      this.values.set(s.name, s.default)
    }
  }

  /** The spec for a name or alias, case-insensitively. */
  spec(name: string): ConfigSpec | undefined {
    return this.specs.get(name) ?? this.specs.get(name.toLowerCase())
  }

  get(name: string): string {
    const s = this.spec(name)
    if (!s) throw new Error(`unknown config ${name}`)
    return this.values.get(s.name) as string
  }

  getInt(name: string): number {
    return Number(this.get(name))
  }

  getBool(name: string): boolean {
    return this.get(name) === 'yes'
  }

  /** Validates and stores a value; throws ConfigValueError. `start` allows immutable settings (config file, flags). */
  set(name: string, value: string, start = false): void {
    const s = this.spec(name)
    if (!s) throw new Error(`unknown config ${name}`)
    if (!start && s.mutable === false) throw new ConfigValueError(ConfigReason.immutable)
    const v = validate(s, value, this.values.get(s.name) as string)
    this.values.set(s.name, v)
    for (const l of this.listeners) l(s.name, v, value)
  }

  /** Validates without storing, for all-or-nothing CONFIG SET. */
  check(name: string, value: string): void {
    const s = this.spec(name)
    if (!s) throw new Error(`unknown config ${name}`)
    if (s.mutable === false) throw new ConfigValueError(ConfigReason.immutable)
    validate(s, value, this.values.get(s.name) as string)
  }

  /** Calls `fn` after every change. */
  onChange(fn: Listener): void {
    this.listeners.push(fn)
  }

  /** CONFIG GET for one pattern: [name, value] pairs. A plain name is echoed as given. */
  match(pattern: string): [string, string][] {
    if (!/[*?[\\]/.test(pattern)) {
      const s = this.spec(pattern)
      return s ? [[pattern, this.values.get(s.name) as string]] : []
    }
    const m = compileGlob(pattern, true)
    const out: [string, string][] = []
    for (const n of this.names) {
      if (m(n)) out.push([n, this.values.get((this.specs.get(n) as ConfigSpec).name) as string])
    }
    return out
  }

  /** Every canonical name with its value. */
  entries(): [string, string][] {
    return [...this.values.entries()]
  }
}
