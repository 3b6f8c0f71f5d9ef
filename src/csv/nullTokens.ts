/** Tokens that mean "no value" in exports from Excel, WPS and monitoring platforms. */
export const NULL_TOKENS: readonly string[] = ['', 'NA', 'N/A', 'n/a', '#N/A', 'NaN', 'null', 'NULL', '-', '--', '—', '——', '/', '未检出', '无', '缺测', '无效']
