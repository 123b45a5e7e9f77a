// How an identity number appears in public: region prefix and the last four kept, the birth date hidden.
export function maskIdentifier(value: string): string {
  if (/^\d{17}[\dX]$/.test(value)) return `${value.slice(0, 4)}${'*'.repeat(10)}${value.slice(14)}`;
  if (value.startsWith('passport:')) {
    const [, country, number = ''] = value.split(':');
    return `passport:${country}:${'*'.repeat(Math.max(0, number.length - 3))}${number.slice(-3)}`;
  }
  return value;
}

/** Keeps the family name (first character) of a person's name: 张三丰 → 张**. */
export function maskPersonName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}
