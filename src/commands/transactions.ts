// https://redis.io/commands/?group=transactions
import type { CommandSpec } from './define.js'

export const transactionCommands: readonly CommandSpec[] = []
