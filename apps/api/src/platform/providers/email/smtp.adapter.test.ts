import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { createSmtpEmailProvider, smtpTransportOptions } from './smtp.adapter.ts';
import { createEmailProvider } from './email.factory.ts';
import type { EmailProvider } from './email.provider.ts';

type Received = {
  user: string | undefined;
  mailFrom: string | undefined;
  rcptTo: string[];
  headers: Map<string, string>;
  body: string;
};

/** Decodes one MIME part body by its Content-Transfer-Encoding. */
function decodePart(encoding: string, body: string): string {
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => `%${hex}`);
    return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/g, '%25'));
  }
  return body;
}

/** The decoded text/plain and text/html bodies of a received mail, single-part or alternative. */
function bodies(mail: Received): { text?: string; html?: string } {
  const result: { text?: string; html?: string } = {};
  const contentType = mail.headers.get('content-type') ?? '';
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  const parts = boundary
    ? mail.body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((part) => {
          const split = part.indexOf('\r\n\r\n');
          const head = part.slice(0, split).toLowerCase();
          return { head, body: part.slice(split + 4).replace(/\r\n$/, '') };
        })
    : [
        {
          head: `content-type: ${contentType}\r\ncontent-transfer-encoding: ${mail.headers.get('content-transfer-encoding') ?? '7bit'}`.toLowerCase(),
          body: mail.body.replace(/\r\n$/, ''),
        },
      ];
  for (const part of parts) {
    const encoding = /content-transfer-encoding:\s*([\w-]+)/.exec(part.head)?.[1] ?? '7bit';
    const decoded = decodePart(encoding, part.body);
    if (part.head.includes('text/plain')) result.text = decoded;
    if (part.head.includes('text/html')) result.html = decoded;
  }
  return result;
}

/** A real SMTP server on a random local port, with plain AUTH, recording what it accepts. */
async function startSmtpServer(credentials: { user: string; pass: string }) {
  const received: Received[] = [];
  const server = new SMTPServer({
    secure: false,
    // No TLS in a loopback test; the adapter must still authenticate.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    disableReverseLookup: true,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@rejected.test')) callback(new Error('550 No such user here'));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const split = raw.indexOf('\r\n\r\n');
        const headers = new Map<string, string>();
        // Unfold continuation lines, then index headers by lower-case name.
        for (const line of raw
          .slice(0, split)
          .replace(/\r\n[ \t]+/g, ' ')
          .split('\r\n')) {
          const colon = line.indexOf(':');
          headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
        }
        const mailFrom = session.envelope.mailFrom;
        received.push({
          user: typeof session.user === 'string' ? session.user : undefined,
          mailFrom: mailFrom ? mailFrom.address : undefined,
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          headers,
          body: raw.slice(split + 4),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('SMTP adapter', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let provider: EmailProvider;
  const password = 'p@ss:w/rd';

  before(async () => {
    smtp = await startSmtpServer({ user: 'mailer', pass: password });
    provider = createSmtpEmailProvider({
      url: `smtp://mailer:${encodeURIComponent(password)}@127.0.0.1:${smtp.port}`,
      from: 'OpenLevel <no-reply@agency.test>',
    });
  });
  after(async () => {
    await provider.close();
    await smtp.close();
  });

  test('delivers envelope, headers and both bodies after authenticating', async () => {
    const result = await provider.send({
      to: 'Dana Client <dana@client.test>',
      subject: 'Your invitation to Acme Dental',
      text: 'Olá Dana, accept your invitation here: https://app.test/i/abc',
      html: '<p>Olá Dana, <a href="https://app.test/i/abc">accept</a>.</p>',
      idempotencyKey: 'invitation:0195f0c2-7a4e-7c3b-9d2a-6b1e4f8a9c01',
      metadata: { secret: 'not-for-the-recipient' },
    });
    const mail = smtp.received.at(-1)!;
    assert.equal(mail.user, 'mailer');
    assert.equal(mail.mailFrom, 'no-reply@agency.test');
    assert.deepEqual(mail.rcptTo, ['dana@client.test']);
    assert.equal(mail.headers.get('subject'), 'Your invitation to Acme Dental');
    assert.equal(mail.headers.get('from'), 'OpenLevel <no-reply@agency.test>');
    assert.equal(mail.headers.get('to'), 'Dana Client <dana@client.test>');
    assert.equal(mail.headers.get('x-idempotency-key'), 'invitation:0195f0c2-7a4e-7c3b-9d2a-6b1e4f8a9c01');
    assert.equal(mail.headers.get('message-id'), result.providerMessageId);
    assert.match(result.providerMessageId, /^<[0-9a-f]{32}@agency\.test>$/);
    assert.match(mail.headers.get('content-type') ?? '', /^multipart\/alternative/);
    assert.deepEqual(bodies(mail), {
      text: 'Olá Dana, accept your invitation here: https://app.test/i/abc',
      html: '<p>Olá Dana, <a href="https://app.test/i/abc">accept</a>.</p>',
    });
    assert.ok(!mail.body.includes('not-for-the-recipient'), 'metadata stays home');
  });

  test('a retried send keeps its Message-ID; different sends get different ones', async () => {
    const message = {
      to: 'a@client.test',
      subject: 'Reminder',
      text: 'See you at 3pm',
      idempotencyKey: 'step-42',
    };
    const first = await provider.send(message);
    const retry = await provider.send(message);
    assert.equal(retry.providerMessageId, first.providerMessageId);
    const other = await provider.send({ ...message, idempotencyKey: 'step-43' });
    const noKey1 = await provider.send({ ...message, idempotencyKey: undefined });
    const noKey2 = await provider.send({ ...message, idempotencyKey: undefined });
    assert.equal(new Set([first, other, noKey1, noKey2].map((r) => r.providerMessageId)).size, 4);
    assert.equal(smtp.received.at(-1)!.headers.has('x-idempotency-key'), false);
  });

  test('text-only mail with an explicit From', async () => {
    await provider.send({
      to: 'b@client.test',
      from: 'Clinic <desk@clinic.test>',
      subject: 'Hi',
      text: 'Plain body',
    });
    const mail = smtp.received.at(-1)!;
    assert.equal(mail.mailFrom, 'desk@clinic.test');
    assert.match(mail.headers.get('content-type') ?? '', /^text\/plain/);
    assert.deepEqual(bodies(mail), { text: 'Plain body' });
  });

  test('a rejected recipient fails the send', async () => {
    await assert.rejects(
      provider.send({ to: 'ghost@rejected.test', subject: 'x', text: 'x' }),
      /recipients were rejected|550/,
    );
  });

  test('header injection is refused before anything is sent', async () => {
    const count = smtp.received.length;
    await assert.rejects(
      provider.send({ to: 'c@client.test', subject: 'Hi\r\nBcc: victim@evil.test', text: 'x' }),
      /subject must be one line/,
    );
    await assert.rejects(
      provider.send({ to: 'c@client.test', subject: 'x', text: 'x', idempotencyKey: 'a\nb' }),
      /idempotencyKey/,
    );
    assert.equal(smtp.received.length, count);
  });

  test('wrong credentials fail the send', async () => {
    const wrong = createSmtpEmailProvider({
      url: `smtp://mailer:nope@127.0.0.1:${smtp.port}`,
      from: 'a@agency.test',
    });
    try {
      await assert.rejects(
        wrong.send({ to: 'd@client.test', subject: 'x', text: 'x' }),
        /Invalid username or password|auth/i,
      );
    } finally {
      await wrong.close();
    }
  });

  test('the factory builds the SMTP adapter from configuration', async () => {
    const fromConfig = createEmailProvider(
      {
        email: {
          provider: 'smtp',
          smtpUrl: `smtp://mailer:${encodeURIComponent(password)}@127.0.0.1:${smtp.port}`,
          from: 'x@agency.test',
        },
      },
      {
        devOutbox: { deliver: () => Promise.reject(new Error('the SMTP adapter never uses the Dev Outbox')) },
      },
    );
    try {
      assert.equal(fromConfig.name, 'smtp');
      await fromConfig.send({ to: 'e@client.test', subject: 'Factory', text: 'ok' });
      assert.equal(smtp.received.at(-1)!.headers.get('subject'), 'Factory');
    } finally {
      await fromConfig.close();
    }
  });
});

describe('SMTP_URL parsing', () => {
  test('reads host, port, TLS mode and percent-encoded credentials', () => {
    const options = smtpTransportOptions('smtps://user%40example.com:p%3Ass@mail.example.com');
    assert.equal(options.host, 'mail.example.com');
    assert.equal(options.port, 465);
    assert.equal(options.secure, true);
    assert.deepEqual(options.auth, { user: 'user@example.com', pass: 'p:ss' });
    const plain = smtpTransportOptions('smtp://relay.internal:2525');
    assert.equal(plain.port, 2525);
    assert.equal(plain.secure, false);
    assert.equal(plain.auth, undefined);
  });

  test('explains what a valid SMTP_URL looks like', () => {
    assert.throws(() => smtpTransportOptions('mail.example.com'), /not a URL.*smtp:\/\/user:pass@/);
    assert.throws(
      () => smtpTransportOptions('http://mail.example.com'),
      /must start with smtp:\/\/ or smtps:\/\//,
    );
  });
});
