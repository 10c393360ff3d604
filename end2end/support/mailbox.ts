// A real SMTP server for the email tests: the integration tests' aiosmtpd sink
// (server/tests/smtp_sink.py), which writes every message it accepts to a directory.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { type ParsedMail, simpleParser } from 'mailparser';

export class Mailbox {
  private constructor(
    private readonly dir: string,
    private readonly process: ChildProcess,
    readonly port: number,
  ) {}

  static async start(): Promise<Mailbox> {
    const dir = mkdtempSync(join(tmpdir(), 'hallpass-mail-'));
    const sink = spawn('python3', [resolve(__dirname, '../../server/tests/smtp_sink.py'), dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const port = await new Promise<number>((done, fail) => {
      sink.once('exit', () => fail(new Error('the SMTP sink exited; is aiosmtpd installed (scripts/setup test)?')));
      sink.stdout!.once('data', (line: Buffer) => done(Number(line.toString().trim())));
    });
    return new Mailbox(dir, sink, port);
  }

  /// What an instance needs to deliver here.
  env(): Record<string, string> {
    return {
      HALLPASS_SMTP_URL: `smtp://127.0.0.1:${this.port}`,
      HALLPASS_EMAIL_FROM: 'Hallpass Tests <auth@hallpass.test>',
    };
  }

  /// The `count`-th message (1 for the first) sent to `address`, once it has arrived.
  async nth(address: string, count: number): Promise<ParsedMail> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const messages = this.messagesTo(address);
      if (messages.length >= count) return simpleParser(messages[count - 1]);
      if (Date.now() > deadline) throw new Error(`no message ${count} to ${address} within 15 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop() {
    this.process.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private messagesTo(address: string): Buffer[] {
    return readdirSync(this.dir)
      .filter((name) => name.endsWith('.eml'))
      .sort()
      .map((name) => readFileSync(join(this.dir, name)))
      .filter((raw) => raw.subarray(0, 1000).toString().split('\r\n')[0].includes(address));
  }
}

export function codeIn(mail: ParsedMail): string {
  const code = mail.text?.match(/\b\d{6}\b/)?.[0];
  if (!code) throw new Error(`no code in ${mail.text}`);
  return code;
}

export function linkIn(mail: ParsedMail): string {
  const link = mail.text?.match(/https?:\/\/\S+\/v1\/verify\?token=\S+/)?.[0];
  if (!link) throw new Error(`no link in ${mail.text}`);
  return link;
}
