// Settings from the environment, read once. CLI flags override them per command.
import { packageManifest } from './package-root.js';

export interface Settings {
  db: string;
  host: string;
  port: number;
  logLevel: string;
  publicRateLimit: number;
  /** Seconds between runs of the expiry scheduler in `serve` (0: off). */
  expiryIntervalSeconds: number;
  /** Where notices go out by e-mail (smtp://host:port); none: e-mail deliveries wait. */
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** The address the public reaches this platform at (on reports' QR codes); default: the request's host. */
  publicUrl: string | undefined;
  /** Whether notice webhooks may go to loopback and private addresses (a closed network). */
  webhookPrivateAddresses: boolean;
  /** Whether `serve` keeps scores current (recomputes and writes them back as records change). */
  scoreKeeper: boolean;
  version: string;
}

function int(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a whole number, got ${JSON.stringify(v)}`);
  return n;
}

export const settings: Readonly<Settings> = Object.freeze({
  db: process.env.XINYONG_DB || './data/xinyong.db',
  host: process.env.XINYONG_HOST || '127.0.0.1',
  port: int('XINYONG_PORT', 8080),
  logLevel: process.env.XINYONG_LOG_LEVEL || 'info',
  publicRateLimit: int('XINYONG_PUBLIC_RATE_LIMIT', 600),
  expiryIntervalSeconds: int('XINYONG_EXPIRY_INTERVAL', 60),
  smtpUrl: process.env.XINYONG_SMTP_URL || undefined,
  smtpFrom: process.env.XINYONG_SMTP_FROM || 'xinyong <notices@xinyong.invalid>',
  publicUrl: process.env.XINYONG_PUBLIC_URL || undefined,
  webhookPrivateAddresses: process.env.XINYONG_WEBHOOK_PRIVATE_ADDRESSES === 'allow',
  scoreKeeper: process.env.XINYONG_SCORE_KEEPER !== 'off',
  version: packageManifest.version,
});
