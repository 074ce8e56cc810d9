/**
 * BullMQ (its queue logic is Lua scripts: cmsgpack options, streams of events,
 * sorted sets, lists and hashes) adding, processing and completing jobs
 * through a Queue and a Worker against redlet's TCP server.
 */
import { Queue, QueueEvents, Worker, type Job } from 'bullmq'
import { afterAll, beforeAll, expect, test, describe } from 'vitest'
import type { RunningServer } from '../../adapters/node-tcp/index.js'
import { startRedlet } from '../helpers/servers.js'

describe('BullMQ on redlet', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startRedlet()
  }, 30000)
  afterAll(async () => {
    await server?.close()
  })

  test('a Worker processes and completes what a Queue adds', async () => {
    const connection = { host: '127.0.0.1', port: server.port, maxRetriesPerRequest: null }
    const queue = new Queue('emails', { connection })
    const events = new QueueEvents('emails', { connection })
    const processed: string[] = []
    const worker = new Worker(
      'emails',
      async (job: Job) => {
        processed.push(`${job.name}:${JSON.stringify(job.data)}`)
        await job.updateProgress(50)
        if (job.data.fail) throw new Error('boom')
        return { sent: job.data.to }
      },
      { connection, concurrency: 2 },
    )
    try {
      await events.waitUntilReady()
      const completed = new Promise<void>((resolve) => {
        let n = 0
        worker.on('completed', () => {
          if (++n === 3) resolve()
        })
      })
      const failed = new Promise<string>((resolve) => worker.on('failed', (_job, err) => resolve(err.message)))
      const a = await queue.add('welcome', { to: 'ada@example.com' })
      await queue.add('welcome', { to: 'bob@example.com' }, { priority: 2 })
      await queue.add('reminder', { to: 'cy@example.com' }, { delay: 50 })
      await queue.add('broken', { fail: true }, { attempts: 1 })
      await completed
      expect(await failed).toBe('boom')
      expect(processed.sort()).toEqual([
        'broken:{"fail":true}',
        'reminder:{"to":"cy@example.com"}',
        'welcome:{"to":"ada@example.com"}',
        'welcome:{"to":"bob@example.com"}',
      ])
      const job = await queue.getJob(a.id as string)
      expect(job?.returnvalue).toEqual({ sent: 'ada@example.com' })
      expect(await job?.getState()).toBe('completed')
      expect(await queue.getJobCounts('completed', 'failed', 'waiting', 'delayed', 'active')).toEqual({ completed: 3, failed: 1, waiting: 0, delayed: 0, active: 0 })
    } finally {
      await worker.close()
      await events.close()
      await queue.obliterate({ force: true }).catch(() => {})
      await queue.close()
    }
  }, 30000)
})
