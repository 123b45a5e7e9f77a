// antd leaves some English in accessible names whatever its locale: each icon is role="img" named after itself
// ("ellipsis", "copy", "right"), and InputNumber's step buttons are "Increase Value" / "Decrease Value". The icons
// sit inside controls that antd names in the page's language, so they are hidden from assistive technology; the
// step buttons are named in the page's language.
const STEP_LABELS: Record<string, { zh: string; en: string }> = {
  'Increase Value': { zh: '增加数值', en: 'Increase value' },
  'Decrease Value': { zh: '减少数值', en: 'Decrease value' },
  增加数值: { zh: '增加数值', en: 'Increase value' },
  减少数值: { zh: '减少数值', en: 'Decrease value' },
  'Increase value': { zh: '增加数值', en: 'Increase value' },
  'Decrease value': { zh: '减少数值', en: 'Decrease value' },
};

/** Names for a control whose only content is an icon (antd's pagination arrows, a search button, a clear icon). */
const ICON_CONTROLS: Record<string, { zh: string; en: string }> = {
  left: { zh: '上一页', en: 'Previous' },
  right: { zh: '下一页', en: 'Next' },
  search: { zh: '搜索', en: 'Search' },
  'close-circle': { zh: '清除', en: 'Clear' },
  close: { zh: '关闭', en: 'Close' },
  ellipsis: { zh: '更多', en: 'More' },
};

/** The control an icon sits in, when the icon is all it shows and nothing else names it. */
function unnamedControl(icon: HTMLElement): HTMLElement | undefined {
  const control = icon.closest<HTMLElement>('button, a, [role="button"]');
  if (!control || control.textContent?.trim() || control.title) return undefined;
  const label = control.getAttribute('aria-label');
  return label && label !== icon.getAttribute('aria-label') ? undefined : control;
}

function fix(root: ParentNode): void {
  const zh = document.documentElement.lang.startsWith('zh');
  for (const icon of root.querySelectorAll<HTMLElement>('.anticon[role="img"][aria-label]')) {
    // An icon-only control keeps a name: the title antd gives its item (pagination), or one by its icon.
    const control = unnamedControl(icon);
    if (control) control.dataset.iconName = icon.getAttribute('aria-label')!;
    icon.removeAttribute('aria-label');
    icon.setAttribute('aria-hidden', 'true');
  }
  // Named again whenever the language changes.
  for (const control of root.querySelectorAll<HTMLElement>('[data-icon-name]')) {
    const name = control.dataset.iconName!;
    const own = ICON_CONTROLS[name];
    const wanted = control.closest<HTMLElement>('[title]')?.title || (own ? (zh ? own.zh : own.en) : name);
    if (control.getAttribute('aria-label') !== wanted) control.setAttribute('aria-label', wanted);
  }
  for (const el of root.querySelectorAll<HTMLElement>('[aria-label]')) {
    const label = STEP_LABELS[el.getAttribute('aria-label')!];
    const wanted = label && (zh ? label.zh : label.en);
    // Only a real change: setting the same value would be observed again, without end.
    if (wanted && el.getAttribute('aria-label') !== wanted) el.setAttribute('aria-label', wanted);
  }
}

/** Keeps the document's accessible names in its language as React and antd add nodes or the language changes. */
export function localizeAriaLabels(): void {
  fix(document);
  new MutationObserver((changes) => {
    for (const c of changes) {
      if (c.type === 'attributes' && c.target === document.documentElement) fix(document);
      else if (c.type === 'attributes' && c.target instanceof HTMLElement && c.target.parentElement)
        fix(c.target.parentElement);
      else
        for (const n of c.addedNodes) if (n instanceof HTMLElement && n.parentElement) fix(n.parentElement);
    }
  }).observe(document.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['lang', 'aria-label'],
  });
}
