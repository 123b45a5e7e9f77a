// Bearer tokens: `xy_<id>_<secret>`. Only a hash of the secret is stored; the id names the token in the audit
// log and for revocation. Looked up on every request, so a new token works at once on every running server.
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../domain/canonical-json.js';
import { problems } from '../domain/errors.js';
import { parseIdentifier } from '../domain/identifiers/identifier.js';
import type { Principal, TokenRole } from '../domain/principal.js';
import { ROLES } from '../domain/principal.js';
import { addDuration, shanghaiDate } from '../domain/time.js';
import { auditedTransaction } from '../store/audit-log.js';
import { DataVersionWatch } from '../store/data-version.js';
import { prepared } from '../store/prepared.js';
import type { TokenRow } from '../store/schema.js';
import { findSubject } from '../store/subjects.js';
import type { Context } from './context.js';

export interface TokenRequest {
  role: string;
  agency?: string;
  /** Identifier or internal id of the subject, for the subject role. */
  subject?: string;
  label?: string;
  expiresDays?: number;
}

export interface IssuedToken {
  id: string;
  token: string;
  role: TokenRole;
  agency: string | null;
  subjectId: number | null;
  expiresAt: string | null;
}

export async function createToken(ctx: Context, by: Principal, req: TokenRequest): Promise<IssuedToken> {
  const errors = [];
  if (!ROLES.includes(req.role as TokenRole))
    errors.push({ pointer: '/role', reason: `must be one of: ${ROLES.join(', ')}` });
  if (req.role === 'agency') {
    if (!req.agency) errors.push({ pointer: '/agency', reason: 'an agency token names its agency' });
    else if (!ctx.catalog.agencies.has(req.agency))
      errors.push({ pointer: '/agency', reason: `unknown agency ${req.agency}` });
  } else if (req.agency) errors.push({ pointer: '/agency', reason: 'only an agency token names an agency' });
  let subjectId: number | null = null;
  if (req.role === 'subject') {
    if (!req.subject) errors.push({ pointer: '/subject', reason: 'a subject token names its subject' });
    else {
      const parsed = parseIdentifier(req.subject, shanghaiDate(ctx.clock.now()));
      const row = parsed.ok
        ? await findSubject(ctx.store.db, { identifier: parsed.info.value })
        : /^\d+$/.test(req.subject)
          ? await findSubject(ctx.store.db, { id: Number(req.subject) })
          : undefined;
      if (!row)
        errors.push({ pointer: '/subject', reason: parsed.ok ? 'no such subject on file' : parsed.reason });
      else subjectId = row.id;
    }
  } else if (req.subject)
    errors.push({ pointer: '/subject', reason: 'only a subject token names a subject' });
  if (
    req.expiresDays !== undefined &&
    !(Number.isInteger(req.expiresDays) && req.expiresDays > 0 && req.expiresDays <= 3650)
  ) {
    errors.push({ pointer: '/expiresDays', reason: 'must be a whole number of days from 1 to 3650' });
  }
  if (errors.length) throw problems.validation(errors);

  const now = ctx.clock.now();
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  const expiresAt = req.expiresDays ? addDuration(now, `P${req.expiresDays}D`) : null;
  const row: TokenRow = {
    id,
    secret_hash: sha256Hex(secret),
    role: req.role,
    agency: req.agency ?? null,
    subject_id: subjectId,
    label: req.label ?? null,
    created_at: now,
    expires_at: expiresAt,
    revoked_at: null,
  };
  await auditedTransaction(ctx.store.db, now, async (trx, audit) => {
    await trx.insertInto('tokens').values(row).execute();
    audit.appendBy(by, {
      action: 'token.create',
      target: `token:${id}`,
      subjectId,
      contentHash: sha256Hex(
        JSON.stringify({ id, role: row.role, agency: row.agency, subjectId, expiresAt }),
      ),
    });
  });
  return {
    id,
    token: `xy_${id}_${secret}`,
    role: req.role as TokenRole,
    agency: row.agency,
    subjectId,
    expiresAt,
  };
}

export async function revokeToken(ctx: Context, by: Principal, id: string): Promise<void> {
  const now = ctx.clock.now();
  await auditedTransaction(ctx.store.db, now, async (trx, audit) => {
    const res = await trx
      .updateTable('tokens')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) {
      const exists = await trx.selectFrom('tokens').select('id').where('id', '=', id).executeTakeFirst();
      if (!exists) throw problems.notFound(`no token ${id}`);
      return;
    }
    audit.appendBy(by, {
      action: 'token.revoke',
      target: `token:${id}`,
      contentHash: sha256Hex(JSON.stringify({ id, revokedAt: now })),
    });
  });
}

const TOKEN = /^xy_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/;

function principalOf(row: TokenRow): Principal {
  return {
    role: row.role as TokenRole,
    actor: `token:${row.id}`,
    ...(row.agency ? { agency: row.agency } : {}),
    ...(row.subject_id !== null ? { subjectId: row.subject_id } : {}),
  };
}

const tokenById = prepared<[string], TokenRow>((db) =>
  db.selectFrom('tokens').selectAll().where('id', '=', ''),
);

/**
 * Checks bearer tokens for a server. Token rows are kept in memory only while the store's data version is the
 * one they were read at: creating or revoking a token is an audited write that moves it, so a token unknown here
 * is looked up at once, and a revoked one stops at once in the process that revoked it and within
 * OTHER_PROCESS_STALENESS_MS (100 ms) in every other process on the store.
 */
/** A token row as the authenticator keeps it: the secret's hash as bytes, the principal made once. */
interface KnownToken {
  row: TokenRow;
  secretHash: Buffer;
  /**
   * The secret as last presented and found to match the hash. A caller sends its token with every request: this
   * process then compares bytes (in constant time, as the hash was) instead of hashing each time, a twentieth of
   * a small request's time. Kept only as long as the row (until any data changes).
   */
  verified?: Buffer;
  principal: Principal;
}

export class TokenAuthenticator {
  private readonly rows = new Map<string, KnownToken>();
  private version = '';
  private readonly versions: DataVersionWatch;

  constructor(private readonly ctx: Context) {
    this.versions = new DataVersionWatch(ctx.store.db);
  }

  /**
   * The principal a bearer token stands for, undefined for none. A promise only when the store must be read
   * first (a token not seen since the data last changed, or the data version due for a read): a caller with a
   * known token is answered without one, as every request asks.
   */
  authenticate(bearer: string): Principal | undefined | Promise<Principal | undefined> {
    const m = TOKEN.exec(bearer);
    if (!m) return undefined;
    const version = this.versions.fresh();
    if (version === undefined) return this.afterReading(m[1]!, m[2]!);
    this.at(version);
    const known = this.rows.get(m[1]!);
    return known ? this.verify(known, m[2]!) : this.afterReading(m[1]!, m[2]!);
  }

  /** Forgets every row read at another data version. */
  private at(version: string): void {
    if (version !== this.version) {
      this.rows.clear();
      this.version = version;
    }
  }

  private async afterReading(id: string, secret: string): Promise<Principal | undefined> {
    this.at(await this.versions.current());
    let known = this.rows.get(id);
    if (!known) {
      const [row] = await tokenById(this.ctx.store.db, [id]);
      if (!row) return undefined;
      if (this.rows.size >= 10_000) this.rows.clear();
      known = {
        row,
        secretHash: Buffer.from(row.secret_hash, 'hex'),
        principal: Object.freeze(principalOf(row)),
      };
      this.rows.set(row.id, known);
    }
    return this.verify(known, secret);
  }

  private verify(known: KnownToken, presentedSecret: string): Principal | undefined {
    const { row, secretHash, verified } = known;
    if (row.revoked_at) return undefined;
    if (row.expires_at && row.expires_at <= this.ctx.clock.now()) return undefined;
    // The pattern above fixes the secret's length and alphabet (ASCII): its bytes are its Latin-1 encoding.
    const secret = Buffer.from(presentedSecret, 'latin1');
    if (verified !== undefined && timingSafeEqual(verified, secret)) return known.principal;
    const presented = hash('sha256', presentedSecret, 'buffer');
    if (secretHash.length !== presented.length || !timingSafeEqual(secretHash, presented)) return undefined;
    known.verified = secret;
    return known.principal;
  }
}
