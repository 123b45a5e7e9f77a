// Form inputs generated from a record type's JSON Schema (the catalog is the single source of the fields): each
// property becomes the control its type calls for, titled in the page's language, required where the schema says.
import { Form, Input, InputNumber, Select, Switch } from 'antd';
import type { Rule } from 'antd/es/form';
import type { FieldSchema } from '../../api/types';
import { enumLabel, fieldTitle } from '../../components/FieldValue';
import { useT } from '../../i18n';

/** Values that have no plain control (objects, arrays of objects) are edited as JSON text. */
export const isJsonField = (s: FieldSchema): boolean =>
  s.type === 'object' || (s.type === 'array' && !(s.items?.enum || s.items?.type === 'string'));

function control(s: FieldSchema, lang: 'zh' | 'en') {
  const option = (v: string | number) => ({ value: v, label: enumLabel(v, lang) });
  if (s.enum) return <Select allowClear options={s.enum.map(option)} />;
  if (s.type === 'array' && s.items?.enum)
    return <Select mode="multiple" allowClear options={s.items.enum.map(option)} />;
  if (s.type === 'array') return <Select mode="tags" open={false} />;
  if (isJsonField(s)) return <Input.TextArea rows={3} className="mono" placeholder="JSON" />;
  if (s.type === 'number' || s.type === 'integer')
    return <InputNumber style={{ width: '100%' }} min={s.minimum} max={s.maximum} />;
  if (s.type === 'boolean') return <Switch />;
  if (s.format === 'date') return <Input type="date" />;
  if ((s.maxLength ?? 0) > 200) return <Input.TextArea rows={3} maxLength={s.maxLength} />;
  return <Input maxLength={s.maxLength} />;
}

export function SchemaFields({ schema, prefix }: { schema: FieldSchema; prefix: string }) {
  const { lang } = useT();
  const required = new Set(schema.required ?? []);
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([name, s]) => {
        const rules: Rule[] = [];
        if (required.has(name)) rules.push({ required: true });
        if (isJsonField(s))
          rules.push({
            validator: async (_r, v: unknown) => {
              if (typeof v === 'string' && v.trim()) JSON.parse(v);
            },
            message: 'JSON',
          });
        return (
          <Form.Item
            key={name}
            name={[prefix, name]}
            label={fieldTitle(s, name, lang)}
            rules={rules}
            valuePropName={s.type === 'boolean' ? 'checked' : 'value'}
            tooltip={s['x-unit'] ? s['x-unit'] : undefined}
          >
            {control(s, lang)}
          </Form.Item>
        );
      })}
    </>
  );
}

/** The form's values as the API wants them: JSON text parsed, empty values left out. */
export function toFields(schema: FieldSchema, values: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    const v = values[name];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    out[name] = isJsonField(s) && typeof v === 'string' ? JSON.parse(v) : v;
  }
  return out;
}

/** An example (the catalog's) in the form's terms: objects as JSON text. */
export function fromFields(
  schema: FieldSchema,
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(schema.properties ?? {}))
    if (name in fields) out[name] = isJsonField(s) ? JSON.stringify(fields[name]) : fields[name];
  return out;
}
