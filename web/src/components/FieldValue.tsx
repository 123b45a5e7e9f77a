// A record's fields under the titles its catalog type gives them (x-title-zh / title), values laid out by shape.
import { Descriptions } from 'antd';
import type { FieldSchema } from '../api/types';
import { useT } from '../i18n';
import { ENUMS_ZH } from '../i18n/enums-zh';

/** An enumerated value's label: Chinese on Chinese pages; in English, the catalog's code (English words) spelled out. */
export function enumLabel(value: unknown, lang: 'zh' | 'en'): string {
  const s = String(value);
  return lang === 'zh' ? (ENUMS_ZH[s] ?? s) : s.replaceAll('-', ' ');
}

const isEnum = (schema: FieldSchema | undefined, value: unknown): boolean =>
  (schema?.enum ?? schema?.items?.enum ?? []).includes(value as string);

export function fieldTitle(schema: FieldSchema | undefined, name: string, lang: 'zh' | 'en'): string {
  if (!schema) return name;
  return (
    (lang === 'zh' ? schema['x-title-zh'] : schema.title) ?? schema.title ?? schema['x-title-zh'] ?? name
  );
}

function Value({ value, schema }: { value: unknown; schema: FieldSchema | undefined }) {
  const { lang, colon } = useT();
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null))
      return (
        <>
          {value
            .map((v) => (isEnum(schema, v) ? enumLabel(v, lang) : String(v)))
            .join(lang === 'zh' ? '、' : ', ')}
        </>
      );
    return (
      <ul className="nested">
        {value.map((v, i) => (
          // Items of a record's array have no identity of their own; their order is the record's.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <li key={i}>
            <Value value={v} schema={schema?.items} />
          </li>
        ))}
      </ul>
    );
  }
  if (typeof value === 'object') {
    const props = schema?.properties ?? {};
    return (
      <span className="object">
        {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
          <span key={k}>
            {fieldTitle(props[k], k, lang)}
            {colon}
            <Value value={v} schema={props[k]} />{' '}
          </span>
        ))}
      </span>
    );
  }
  if (typeof value === 'number' && schema?.['x-unit'] === 'CNY')
    return <>{value.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: 2 })} 元</>;
  if (typeof value === 'boolean') return <>{value ? '✓' : '✗'}</>;
  return <>{isEnum(schema, value) ? enumLabel(value, lang) : String(value)}</>;
}

export function Fields({
  fields,
  schema,
}: {
  fields: Record<string, unknown>;
  schema: FieldSchema | undefined;
}) {
  const { lang } = useT();
  const props = schema?.properties ?? {};
  // The catalog's order, then anything else the record carries.
  const names = [
    ...Object.keys(props).filter((k) => k in fields),
    ...Object.keys(fields).filter((k) => !(k in props)),
  ];
  return (
    <Descriptions size="small" column={1} bordered className="fields">
      {names.map((k) => (
        <Descriptions.Item key={k} label={fieldTitle(props[k], k, lang)}>
          <Value value={fields[k]} schema={props[k]} />
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
