# Every cell of a Parquet file against the CSV of the same rows: argv[1] parquet, argv[2] CSV.
# Also prints the Arrow type of each column ("name type", one a line) after "ok ROWS COLS".
import csv, sys
import pyarrow as pa
import pyarrow.parquet as pq

table = pq.read_table(sys.argv[1])
with open(sys.argv[2], newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
assert table.column_names == header, (table.column_names, header)
assert table.num_rows == len(body), (table.num_rows, len(body))

def same(v, t, text):
    if v is None:
        return text == ""
    if pa.types.is_list(t):
        return ";".join(str(x) for x in v) == text
    if pa.types.is_boolean(t):
        return ("true" if v else "false") == text
    if pa.types.is_floating(t):
        d = len(text.split(".")[1]) if "." in text else 0
        return abs(float(text) - v) <= 0.5 * 10 ** -d + 1e-12
    return str(v) == text

for j, name in enumerate(header):
    col = table.column(j)
    t = col.type
    # a timestamp compares as its nanoseconds since the epoch, as the CSV writes it
    vals = (col.cast(pa.int64()) if pa.types.is_timestamp(t) else col).to_pylist()
    for i, v in enumerate(vals):
        assert same(v, t, body[i][j]), f"row {i + 1} column {name} ({t}): parquet {v!r}, CSV {body[i][j]!r}"
print("ok", len(body), len(header))
for f in table.schema:
    print(f.name, f.type)
