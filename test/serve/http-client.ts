// A raw node:http client for the serve tests: unlike fetch it lets a test
// send any Host, Origin or un-normalised path, and never follows redirects.
import { request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'

export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

export interface RawRequest {
  method?: string
  headers?: Record<string, string>
}

export function get(url: string, options: RawRequest = {}): Promise<RawResponse> {
  const target = new URL(url)
  // Keep the path exactly as written ("/../x" stays un-normalised on the wire).
  const rawPath = url.slice(url.indexOf('/', 'http://'.length))
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, path: rawPath, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end()
  })
}

export interface EventStreamReader {
  response: IncomingMessage
  /** Resolves with the data of the next `event: <name>` block, parsed as JSON. */
  next(name: string, timeoutMs?: number): Promise<unknown>
  /** Reads `event: <name>` blocks until one whose data satisfies the predicate. */
  until(name: string, predicate: (data: unknown) => boolean, timeoutMs?: number): Promise<unknown>
  /** Raw text received so far. */
  text(): string
  close(): void
}

export function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStreamReader> {
  const target = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, headers }, (res) => {
      let buffer = ''
      let all = ''
      const waiters: Array<() => void> = []
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        buffer += chunk
        all += chunk
        for (const wake of waiters.splice(0)) wake()
      })
      const reader: EventStreamReader = {
        response: res,
        text: () => all,
        close: () => req.destroy(),
        async until(name, predicate, timeoutMs = 10_000) {
          const deadline = Date.now() + timeoutMs
          for (;;) {
            const data = await reader.next(name, Math.max(1, deadline - Date.now()))
            if (predicate(data)) return data
          }
        },
        next(name, timeoutMs = 10_000) {
          return new Promise((resolveEvent, rejectEvent) => {
            const timer = setTimeout(() => rejectEvent(new Error(`no "${name}" event within ${timeoutMs} ms; got: ${all}`)), timeoutMs)
            const check = (): void => {
              let end: number
              while ((end = buffer.indexOf('\n\n')) >= 0) {
                const block = buffer.slice(0, end)
                buffer = buffer.slice(end + 2)
                const lines = block.split('\n')
                if (lines.includes(`event: ${name}`)) {
                  clearTimeout(timer)
                  const data = lines
                    .filter((l) => l.startsWith('data: '))
                    .map((l) => l.slice(6))
                    .join('\n')
                  resolveEvent(JSON.parse(data))
                  return
                }
              }
              waiters.push(check)
            }
            check()
          })
        },
      }
      resolve(reader)
    })
    req.on('error', reject)
    req.end()
  })
}
