// A bulk file: the upload's own progress, then the job's (rows stored, duplicates, rejected) polled until it ends;
// the rejected rows download as CSV with their row numbers and reasons.
import { Button, Descriptions, Form, Progress, Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { catalog, submittableBy } from '../../api/catalog';
import { ApiError, call, download } from '../../api/client';
import type { ImportJob, Problem } from '../../api/types';
import { usePromise } from '../../api/use-api';
import { Async, ProblemAlert } from '../../components/Async';
import { FilePicker } from '../../components/FilePicker';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import type { Session } from '../../session';

const DONE: ImportJob['state'][] = ['done', 'done-with-rejects', 'failed', 'interrupted'];

/** fetch() cannot report upload progress; XMLHttpRequest can. */
function upload(form: FormData, token: string, onProgress: (pct: number) => void): Promise<ImportJob> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/imports');
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = { title: xhr.statusText, status: xhr.status };
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as ImportJob);
      else reject(new ApiError({ ...(body as Problem), status: xhr.status }));
    };
    xhr.onerror = () => reject(new ApiError({ title: 'Network error', status: 0 }));
    xhr.send(form);
  });
}

export function ImportPanel({ session }: { session: Session }) {
  const { t, pick } = useT();
  const agency = session.me.agency!.code;
  const types = usePromise(() => catalog.recordTypes(), []);
  const [type, setType] = useState<string>();
  const [encoding, setEncoding] = useState('utf8');
  const [file, setFile] = useState<File>();
  const [sent, setSent] = useState<number>();
  const [job, setJob] = useState<ImportJob>();
  const [error, setError] = useState<ApiError>();

  useEffect(() => {
    if (!job || DONE.includes(job.state)) return;
    const timer = setTimeout(() => {
      call<ImportJob>(job.links.self, { token: session.token })
        .then(setJob)
        .catch((e: unknown) => setError(e as ApiError));
    }, 400);
    return () => clearTimeout(timer);
  }, [job, session.token]);

  const start = async () => {
    if (!type || !file) return;
    setError(undefined);
    setJob(undefined);
    setSent(0);
    // The API reads the fields before the file part, so they go first.
    const form = new FormData();
    form.append('type', type);
    form.append('encoding', encoding);
    form.append('file', file, file.name);
    try {
      setJob(await upload(form, session.token, setSent));
    } catch (err) {
      setError(err as ApiError);
    }
  };
  const busy = sent !== undefined && (!job || !DONE.includes(job.state)) && !error;
  const done = job && DONE.includes(job.state);
  const processed = job ? job.counts.stored + job.counts.duplicates + job.counts.rejected : 0;
  return (
    <Async state={types}>
      {(all) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Form layout="vertical" onFinish={start}>
            <Form.Item label={t('agency.recordType')} htmlFor="import-type" required>
              <Select
                id="import-type"
                showSearch
                optionFilterProp="label"
                value={type}
                onChange={setType}
                options={submittableBy(all, agency).map((rt) => ({
                  value: rt.code,
                  label: `${pick(rt.names)}（${rt.code}）`,
                }))}
              />
            </Form.Item>
            <Form.Item label={t('agency.encoding')} htmlFor="import-encoding">
              <Select
                id="import-encoding"
                value={encoding}
                onChange={setEncoding}
                options={[
                  { value: 'utf8', label: 'UTF-8' },
                  { value: 'gb18030', label: 'GB18030' },
                ]}
              />
            </Form.Item>
            <Form.Item label={t('agency.file')} htmlFor="import-file" required>
              <FilePicker
                id="import-file"
                accept=".csv,.xlsx,.ndjson,.jsonl,text/csv"
                onChange={(files) => setFile(files[0])}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" disabled={!type || !file} loading={busy}>
              {t('agency.upload')}
            </Button>
          </Form>
          {sent !== undefined && !job && !error && (
            <Progress percent={sent} status="active" aria-label={t('agency.upload')} />
          )}
          {job && (
            <>
              <Progress
                percent={done ? 100 : job.counts.rows ? Math.round((processed / job.counts.rows) * 100) : 0}
                status={job.state === 'failed' ? 'exception' : done ? 'success' : 'active'}
                aria-label={t('agency.importState')}
              />
              <Descriptions bordered size="small" column={{ xs: 1, sm: 2, md: 3 }} className="import-job">
                <Descriptions.Item label={t('agency.importState')}>
                  <Tag
                    data-state={job.state}
                    color={job.state === 'done' ? 'green' : job.state === 'running' ? 'blue' : 'orange'}
                  >
                    {t(`agency.importState.${job.state}` as MessageKey)}
                  </Tag>
                </Descriptions.Item>
                <Descriptions.Item label={t('agency.rows')}>{job.counts.rows}</Descriptions.Item>
                <Descriptions.Item label={t('agency.stored')}>{job.counts.stored}</Descriptions.Item>
                <Descriptions.Item label={t('agency.duplicates')}>{job.counts.duplicates}</Descriptions.Item>
                <Descriptions.Item label={t('agency.rejected')}>{job.counts.rejected}</Descriptions.Item>
              </Descriptions>
              {done && job.counts.rejected > 0 && (
                <Button
                  onClick={() =>
                    download(job.links.rejects, `${job.id}-rejects.csv`, session.token).catch((e: unknown) =>
                      setError(e as ApiError),
                    )
                  }
                >
                  {t('agency.downloadRejects')}
                </Button>
              )}
            </>
          )}
          {error && <ProblemAlert error={error} />}
        </Space>
      )}
    </Async>
  );
}
