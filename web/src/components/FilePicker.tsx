// A file input that speaks the page's language: the native control's button says "Choose Files" in the browser's
// own language, so it is kept (focusable, labelled) but drawn as a button of ours with the chosen names beside it.
import { useId, useState } from 'react';
import { useT } from '../i18n';

export function FilePicker({
  id,
  accept,
  multiple = false,
  onChange,
}: {
  id?: string;
  accept: string;
  multiple?: boolean;
  onChange: (files: File[]) => void;
}) {
  const { t } = useT();
  const own = useId();
  const inputId = id ?? own;
  const [names, setNames] = useState<string[]>([]);
  return (
    <span className="file-picker">
      <input
        id={inputId}
        type="file"
        accept={accept}
        multiple={multiple}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          setNames(files.map((f) => f.name));
          onChange(files);
        }}
      />
      <label htmlFor={inputId} className="ant-btn ant-btn-default" aria-hidden="true">
        {t('objection.choose')}
      </label>
      <span className="file-names">{names.join('、') || t('common.none')}</span>
    </span>
  );
}
