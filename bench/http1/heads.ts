// The heads the http1 bench times: what wrk sends, a browser-like API request with 8 fields, the
// response NGINX sends for a 100-byte static file, and a Node.js http server's response.
const b = (s: string): Buffer => Buffer.from(s, 'latin1');

export const HEADS = {
  requests: [
    { name: 'wrk (1 field)', bytes: b('GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n') },
    {
      name: 'browser API call (8 fields)',
      bytes: b(
        'GET /api/v1/items?id=42&sort=desc HTTP/1.1\r\n' +
          'Host: app.example.com\r\n' +
          'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36\r\n' +
          'Accept: application/json\r\n' +
          'Accept-Encoding: gzip, deflate, br\r\n' +
          'Accept-Language: en-US,en;q=0.9\r\n' +
          'Connection: keep-alive\r\n' +
          'Cookie: session=abc123def456; theme=dark\r\n' +
          'X-Forwarded-For: 203.0.113.7\r\n\r\n',
      ),
    },
  ],
  responses: [
    {
      name: 'NGINX static 100 B (8 fields)',
      bytes: b(
        'HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Sat, 21 Nov 2026 17:00:00 GMT\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n' +
          'Last-Modified: Sat, 21 Nov 2026 16:00:00 GMT\r\nConnection: keep-alive\r\nETag: "6560a1b0-64"\r\nAccept-Ranges: bytes\r\n\r\n',
      ),
    },
    {
      name: 'Node.js http (5 fields)',
      bytes: b('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: Sat, 21 Nov 2026 17:00:00 GMT\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 100\r\n\r\n'),
    },
  ],
  chunked: { name: '3 chunks of 100 B + last-chunk', bytes: b(`64\r\n${'a'.repeat(100)}\r\n64\r\n${'b'.repeat(100)}\r\n64\r\n${'c'.repeat(100)}\r\n0\r\n\r\n`) },
};
