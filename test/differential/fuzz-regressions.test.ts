/** Mismatches the differential fuzzer found, kept as fixed cases (minimal reproductions). */
import { test } from 'vitest'
import { describeDiff, useDifferential } from '../helpers/differential.js'

describeDiff('fuzzer findings against redis-server', () => {
  const d = useDifferential()

  test('BLMPOP and BZMPOP read numkeys, the end and COUNT before the timeout', async () => {
    await d.sameError('BLMPOP', '-1', '0', 'l1', 'LEFT')
    await d.sameError('BLMPOP', 'abc', '0', 'l1', 'LEFT')
    await d.sameError('BLMPOP', '-1', '1', 'l1', 'UP')
    await d.sameError('BLMPOP', 'abc', '5', 'l1', 'LEFT')
    await d.sameError('BLMPOP', '-1', '1', 'l1', 'LEFT', 'COUNT', '0')
    await d.sameError('BLMPOP', '-1', '1', 'l1', 'LEFT')
    await d.sameError('BLMPOP', 'abc', '1', 'l1', 'LEFT')
    await d.sameError('BZMPOP', '-1', '0', 'z1', 'MIN')
    await d.sameError('BZMPOP', 'abc', '1', 'z1', 'MID')
    await d.sameError('BZMPOP', '-1', '1', 'z1', 'MIN', 'COUNT', '0')
    await d.sameError('BZMPOP', '-1', '1', 'z1', 'MIN')
  })
})
