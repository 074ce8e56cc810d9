// https://redis.io/commands/?group=set
import type { CommandSpec } from './define.js'

export const setCommands: readonly CommandSpec[] = []
