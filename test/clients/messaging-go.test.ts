/**
 * redigo (GOPATH mode, Debian's golang-github-gomodule-redigo-dev) against
 * redlet and redis-server: PubSubConn, MULTI/EXEC through Send and Do, WATCH,
 * and a BLPOP woken by another connection. The programs' output must be equal.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { describeDiff } from '../helpers/differential.js'
import { useServerPair } from '../helpers/servers.js'

const dir = mkdtempSync(join(tmpdir(), 'redlet-go-msg-'))
const GOENV = { GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOCACHE: join(dir, 'cache'), GOFLAGS: '' }
const hasGo = spawnSync('go', ['version']).status === 0

const PUBSUB = `
func main() {
	sub, err := redis.Dial("tcp", ADDR)
	if err != nil {
		panic(err)
	}
	pub, _ := redis.Dial("tcp", ADDR)
	psc := redis.PubSubConn{Conn: sub}
	psc.Subscribe("fm97.5", "fm80.5")
	psc.PSubscribe("fm7*")
	show := func() interface{} {
		switch v := psc.Receive().(type) {
		case redis.Message:
			fmt.Printf("message pattern=%q channel=%q data=%q\\n", v.Pattern, v.Channel, v.Data)
		case redis.Subscription:
			fmt.Printf("subscription kind=%s channel=%q count=%d\\n", v.Kind, v.Channel, v.Count)
		case redis.Pong:
			fmt.Printf("pong %q\\n", v.Data)
		case error:
			fmt.Printf("error %v\\n", v)
			return v
		}
		return nil
	}
	for i := 0; i < 3; i++ {
		show()
	}
	for _, ch := range []string{"fm97.5", "fm80.5", "fm77.5", "am1"} {
		n, err := redis.Int(pub.Do("PUBLISH", ch, "news on "+ch))
		fmt.Println("published", ch, n, err)
	}
	for i := 0; i < 3; i++ {
		show()
	}
	psc.Ping("hello")
	show()
	n, err := redis.Values(pub.Do("PUBSUB", "NUMSUB", "fm97.5", "fm77.5"))
	fmt.Printf("numsub %q %v\\n", n, err)
	psc.Unsubscribe("fm97.5")
	show()
	psc.Unsubscribe("fm80.5")
	show()
	psc.PUnsubscribe("fm7*")
	show()
	_, err = sub.Do("GET", "x")
	fmt.Println("after unsubscribing:", err)
	psc.Close()
	pub.Close()
}
`

const TRANSACTION = `
func main() {
	c, err := redis.Dial("tcp", ADDR)
	if err != nil {
		panic(err)
	}
	other, _ := redis.Dial("tcp", ADDR)
	c.Send("MULTI")
	c.Send("INCR", "foo")
	c.Send("INCR", "bar")
	c.Send("SET", "name", "redigo")
	c.Send("LPUSH", "name", "x")
	r, err := c.Do("EXEC")
	fmt.Printf("%v %v\\n", r, err)
	vals, err := redis.Values(c.Do("MGET", "foo", "bar", "name"))
	fmt.Printf("%q %v\\n", vals, err)

	// queue-time error: EXECABORT
	c.Send("MULTI")
	c.Send("SET", "a")
	c.Send("SET", "b", "1")
	r, err = c.Do("EXEC")
	fmt.Printf("%v %v\\n", r, err)

	// WATCH: a write from another connection makes EXEC return nil
	c.Do("WATCH", "foo")
	v, _ := redis.Int(c.Do("GET", "foo"))
	other.Do("SET", "foo", 100)
	c.Send("MULTI")
	c.Send("SET", "foo", v+1)
	r, err = c.Do("EXEC")
	fmt.Printf("%v %v %v\\n", r, r == nil, err)
	if r == nil {
		c.Do("WATCH", "foo")
		v, _ = redis.Int(c.Do("GET", "foo"))
		c.Send("MULTI")
		c.Send("SET", "foo", v+1)
		r, err = c.Do("EXEC")
		fmt.Printf("retry %v %v\\n", r, err)
	}
	s, _ := redis.String(c.Do("GET", "foo"))
	fmt.Println("foo =", s)

	// a blocked BLPOP woken by a push from another connection
	done := make(chan string)
	go func() {
		w, _ := redis.Dial("tcp", ADDR)
		res, err := redis.Strings(w.Do("BLPOP", "jobs", 5))
		done <- fmt.Sprintf("%q %v", res, err)
	}()
	// let the waiter block first
	time.Sleep(200 * time.Millisecond)
	other.Do("RPUSH", "jobs", "job-1")
	fmt.Println("woken:", <-done)
	res, err := c.Do("BLPOP", "empty", "0.1")
	fmt.Printf("timeout %v %v\\n", res, err)
}
`

function program(body: string, port: number): string {
  return `package main\n\nimport (\n\t"fmt"\n\t"strings"\n\t"time"\n\n\t"github.com/gomodule/redigo/redis"\n)\n\nvar _ = strings.Contains\nvar _ = time.Sleep\n\nconst ADDR = "127.0.0.1:${port}"\n${body}`
}

function build(name: string, source: string): string {
  const src = join(dir, `${name}.go`)
  const bin = join(dir, name)
  writeFileSync(src, source)
  const r = spawnSync('go', ['build', '-o', bin, src], { env: { ...process.env, ...GOENV }, encoding: 'utf8', cwd: dir })
  if (r.status !== 0) throw new Error(`go build failed: ${r.stderr}`)
  return bin
}

function runBinary(bin: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(bin, [], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), 20000)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ stdout, stderr, code })
    })
  })
}

describeDiff.skipIf(!hasGo)('redigo messaging', () => {
  const servers = useServerPair()

  for (const [name, body] of [
    ['PubSubConn', PUBSUB],
    ['MULTI/EXEC with Send and Do, WATCH, BLPOP', TRANSACTION],
  ] as const) {
    test(name, async () => {
      const tag = name.replace(/\W+/g, '_')
      const a = await runBinary(build(`oracle_${tag}`, program(body, servers.oracle.port)))
      const b = await runBinary(build(`redlet_${tag}`, program(body, servers.redlet.port)))
      expect(a.code).toBe(0)
      expect(b.stdout).toBe(a.stdout)
      expect(b.stderr).toBe(a.stderr)
      expect(b.code).toBe(a.code)
    }, 120000)
  }
})
