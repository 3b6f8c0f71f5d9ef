/**
 * What intake says about a file, in both languages. The loader returns each message as a key with
 * parameters (plus its Chinese text, for the CSV report); the UI renders it in the user's language.
 * Parameters are plain text (file names, headers, raw values): they are never parsed as markup or as
 * message syntax. Pure module.
 */

export const loaderZh = {
  binary_xlsx: '文件“{file}”不是 CSV 文本文件(看起来是 Excel 工作簿 .xlsx),请在 Excel/WPS 中另存为 CSV 后再上传',
  binary_xls: '文件“{file}”不是 CSV 文本文件(看起来是 旧版 Excel 文件 .xls),请在 Excel/WPS 中另存为 CSV 后再上传',
  binary_png: '文件“{file}”不是 CSV 文本文件(看起来是 PNG 图片),请在 Excel/WPS 中另存为 CSV 后再上传',
  binary_jpeg: '文件“{file}”不是 CSV 文本文件(看起来是 JPEG 图片),请在 Excel/WPS 中另存为 CSV 后再上传',
  binary_pdf: '文件“{file}”不是 CSV 文本文件(看起来是 PDF 文档),请在 Excel/WPS 中另存为 CSV 后再上传',
  binary_parquet: '文件“{file}”是 Parquet 文件,请在“数据”页上传或从网址打开(会读取为表格)',
  parquetInvalid: '文件“{file}”无法作为 Parquet 文件读取:{detail}',
  parquetTooMany: '文件“{file}”所需的行组共 {rows} 行,超过一次可加载的 {limit} 行(浏览器标签页内存有限),未读取;请给出较短的时段,或先在服务器上汇总',
  urlFailed: '无法从网址读取数据:{detail}',
  undecodableFile: '文件“{file}”无法按所选编码解码',
  empty: '文件“{file}”是空文件',
  noHeader: '文件“{file}”没有可识别的表头',
  unknownHeaders: '文件“{file}”的表头无法识别为已知数据类型({headers}),请手动对应各列',
  missingColumns: '文件“{file}”缺少必需列:{columns}',
  undecodableBytes: '有 {count} 处字节无法按所选编码解码,已显示为 �(文件可能被截断,或混用了编码)',
  cancelled: '已取消加载“{file}”,已有数据未改动',
  unparsable: '文件“{file}”无法解析:{detail}',
  coUnitAsk: '文件“{file}”的 CO 数值无法判断单位(有的不超过 {threshold},有的超过),请选择单位 mg/m³ 或 µg/m³',
  headerOnly: '文件“{file}”只有表头,没有数据行',
  noUsableRows: '文件“{file}”没有可加载的数据行({rows} 行均有问题,见校验报告)',
  failed: '文件“{file}”加载失败:{detail}',
  tooLarge: '文件“{file}”大小为 {size},超过上限 {limit},未读取;请拆分文件或只导出所需的列和时段后再上传',
  storageQuota: '浏览器存储空间不足,文件“{file}”({size} MB)已加载但未保存,刷新页面后需重新上传',
  storageFailed: '文件“{file}”已加载但未能保存到浏览器存储:{detail}',
  duplicateKey: '编号/键重复',
  sciNotation: '编号是科学计数法,Excel 已丢失原来的数字;请把该列设为文本后重新导出',
  unknownStatus: '无法识别的整改状态(应为 已销号 / 正在推进 / 长期坚持 之一)',
  dateOrder: '销号时间早于发现时间',
  noDeadline: '非长期整改事项缺少整改时限',
  duplicateHeader: '表头“{header}”重复(第 {first} 列和第 {second} 列),只使用第 {first} 列',
  rowTooManyColumns: '该行字段数多于表头,整行未加载',
  rowMissingColumns: '该行字段数少于表头,整行未加载',
  rowUnquoted: '引号未闭合或使用不正确,整行未加载',
  rowInvalidUnicode: '该行含有无效字符(编码错误),整行未加载',
  rowTooLong: '该行过长,整行未加载',
  rowUnparsable: '无法解析的行({type}),整行未加载',
  notNumber: '不是有效数值',
  notMonth: '不是有效月份',
  notDatetime: '不是有效日期时间',
  notDate: '不是有效日期',
  requiredEmpty: '必填值为空',
  ownTableInvalid: '文件“{file}”的自建表定义无效(表名或字段名不可用),请重新指定',
}

export type LoaderKey = keyof typeof loaderZh

export const loaderEn: Record<LoaderKey, string> = {
  binary_xlsx: 'File “{file}” is not a CSV text file (it looks like an Excel workbook, .xlsx). Save it as CSV in Excel/WPS and upload that.',
  binary_xls: 'File “{file}” is not a CSV text file (it looks like an old Excel file, .xls). Save it as CSV in Excel/WPS and upload that.',
  binary_png: 'File “{file}” is not a CSV text file (it looks like a PNG image). Save it as CSV in Excel/WPS and upload that.',
  binary_jpeg: 'File “{file}” is not a CSV text file (it looks like a JPEG image). Save it as CSV in Excel/WPS and upload that.',
  binary_pdf: 'File “{file}” is not a CSV text file (it looks like a PDF document). Save it as CSV in Excel/WPS and upload that.',
  binary_parquet: 'File “{file}” is a Parquet file: upload it on the Data page or open it from a URL (it is read as a table).',
  parquetInvalid: 'File “{file}” cannot be read as Parquet: {detail}',
  parquetTooMany: 'File “{file}”: the row groups needed hold {rows} rows, more than the {limit} one load can take (a browser tab has limited memory); nothing was read. Give a shorter period, or aggregate on the server first.',
  urlFailed: 'Could not read data from the URL: {detail}',
  undecodableFile: 'File “{file}” cannot be decoded with the chosen encoding.',
  empty: 'File “{file}” is empty.',
  noHeader: 'File “{file}” has no recognisable header row.',
  unknownHeaders: 'The headers of “{file}” do not match a known dataset ({headers}); map the columns by hand.',
  missingColumns: 'File “{file}” lacks required columns: {columns}.',
  undecodableBytes: '{count} byte sequence(s) could not be decoded with the chosen encoding and are shown as � (the file may be cut off, or mix encodings)',
  cancelled: 'Loading “{file}” was cancelled; the data already loaded is unchanged.',
  unparsable: 'File “{file}” cannot be parsed: {detail}.',
  coUnitAsk: 'The CO values of “{file}” do not show their unit (some are at most {threshold}, some above); choose mg/m³ or µg/m³.',
  headerOnly: 'File “{file}” has a header but no data rows.',
  noUsableRows: 'File “{file}” has no loadable rows (all {rows} rows have problems, see the report).',
  failed: 'Loading “{file}” failed: {detail}.',
  tooLarge: 'File “{file}” is {size}, above the limit of {limit}, and was not read; split it, or export only the columns and period you need.',
  storageQuota: 'Browser storage is full: “{file}” ({size} MB) is loaded but not saved, and must be uploaded again after a reload.',
  storageFailed: '“{file}” is loaded but could not be saved to browser storage: {detail}.',
  duplicateKey: 'Duplicate number / key',
  sciNotation: 'The number is in scientific notation: Excel has lost its digits. Format the column as text and export again',
  unknownStatus: 'Unknown rectification status (expected one of 已销号 closed / 正在推进 in progress / 长期坚持 long-term)',
  dateOrder: 'Closed before it was found',
  noDeadline: 'No deadline for an item that is not long-term',
  duplicateHeader: 'Header “{header}” appears twice (columns {first} and {second}); only column {first} is used',
  rowTooManyColumns: 'More fields than the header; the row was not loaded',
  rowMissingColumns: 'Fewer fields than the header; the row was not loaded',
  rowUnquoted: 'Unclosed or misplaced quote; the row was not loaded',
  rowInvalidUnicode: 'Invalid characters (encoding error); the row was not loaded',
  rowTooLong: 'Line too long; the row was not loaded',
  rowUnparsable: 'Unparsable row ({type}); the row was not loaded',
  notNumber: 'Not a valid number',
  notMonth: 'Not a valid month',
  notDatetime: 'Not a valid date and time',
  notDate: 'Not a valid date',
  requiredEmpty: 'Required value is empty',
  ownTableInvalid: 'The own-table definition for “{file}” is not usable (table or field name); define it again.',
}

export interface LoaderMessage {
  key: LoaderKey
  params?: Record<string, string | number>
}

/** The message's text in one language; parameters are inserted as they are. */
export function loaderText(m: LoaderMessage, lang: 'zh' | 'en' = 'zh'): string {
  const template = (lang === 'en' ? loaderEn : loaderZh)[m.key]
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(m.params?.[k] ?? ''))
}
