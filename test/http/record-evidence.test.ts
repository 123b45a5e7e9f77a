// Evidence attached to a record by the agency that submitted it (an assessor's photos or video of a deed): checked
// by content, audited, shown to the subject, operators and that agency only — never to the public or another
// agency, never in the public file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLog } from '../../src/services/verify-log.js';
import {
  bearer,
  exampleFields,
  expectProblem,
  multipartBody,
  type TestApp,
  testApp,
  tokenFor,
} from '../support/http.js';
import { person } from '../support/identifiers.js';
import { DIALECTS } from '../support/stores.js';

const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(12)]);

describe.each(DIALECTS)('record evidence on %s', (dialect) => {
  let t: TestApp;
  let mca: string;
  let recordId: number;
  const volunteer = person(451, '371082');

  const attach = async (
    token: string,
    id: number,
    files: { name: string; content: Buffer; type: string }[],
  ) => {
    const form = await multipartBody(
      [],
      files.map((f) => ({ part: 'evidence', ...f })),
    );
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/records/${id}/evidence`,
      headers: { ...bearer(token), 'content-type': form.contentType },
      payload: form.payload,
    });
  };

  beforeAll(async () => {
    t = await testApp(dialect);
    mca = await tokenFor(t.ctx, { role: 'agency', agency: 'mca' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/records',
      headers: bearer(mca),
      payload: {
        type: 'civic.volunteering',
        subject: { id: volunteer, name: '于荣成' },
        externalId: 'V-1',
        occurredAt: '2026-06-30',
        fields: exampleFields('civic.volunteering'),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    recordId = (res.json() as { id: number }).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('takes photos and a video from the submitting agency, checked by content, and audits them', async () => {
    const res = await attach(mca, recordId, [
      { name: '照片1.png', content: PNG, type: 'image/png' },
      { name: '照片2.png', content: PNG, type: 'image/png' },
      { name: '视频.mp4', content: MP4, type: 'video/mp4' },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    expect((res.json() as { items: { mediaType?: string; media_type?: string }[] }).items).toHaveLength(3);
    const bad = expectProblem(
      await attach(mca, recordId, [{ name: 'x.png', content: Buffer.from('hello'), type: 'image/png' }]),
      422,
    );
    expect(bad.errors[0]).toMatchObject({ pointer: '/evidence/0' });
    expect((await verifyLog(t.ctx)).ok).toBe(true);
  });

  it('refuses anyone but the submitting agency', async () => {
    const other = await tokenFor(t.ctx, { role: 'agency', agency: 'samr' });
    expectProblem(await attach(other, recordId, [{ name: 'a.png', content: PNG, type: 'image/png' }]), 404);
    const self = await tokenFor(t.ctx, { role: 'subject', subject: volunteer });
    expectProblem(await attach(self, recordId, [{ name: 'a.png', content: PNG, type: 'image/png' }]), 403);
  });

  it('shows them to the subject, operators and the submitting agency only', async () => {
    const list = (token?: string) =>
      t.app.inject({ url: `/api/v1/records/${recordId}/evidence`, headers: token ? bearer(token) : {} });
    const self = await tokenFor(t.ctx, { role: 'subject', subject: volunteer });
    for (const token of [self, mca, await tokenFor(t.ctx, { role: 'operator' })]) {
      const res = await list(token);
      expect(res.statusCode, res.body).toBe(200);
      expect((res.json() as { total: number }).total).toBe(3);
    }
    expectProblem(await list(), 401);
    expectProblem(await list(await tokenFor(t.ctx, { role: 'agency', agency: 'samr' })), 404);
    const files = (await list(self)).json() as { items: { id: number }[] };
    const file = await t.app.inject({
      url: `/api/v1/records/${recordId}/evidence/${files.items[0]!.id}`,
      headers: bearer(self),
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toMatch(/^image\/png/);
    expect(Buffer.from(file.rawPayload)).toEqual(PNG);
    const publicView = await t.app.inject({
      url: `/api/v1/records/${recordId}/evidence/${files.items[0]!.id}`,
    });
    expect(publicView.statusCode).toBe(404);
  });
});
