/** Quote an identifier (table or column name taken from user data). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** Quote a string literal, for the few places DuckDB does not accept a bound parameter (e.g. table functions' file names). */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}
