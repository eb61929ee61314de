#!/usr/bin/env python3
"""Writes a pair of .resx files (neutral = Japanese, .en = English) from a simple TSV: name<TAB>ja<TAB>en.

Usage: scripts/resx.py path/to/Name.tsv   -> writes path/to/Name.resx and path/to/Name.en.resx
Keeping the strings in one TSV per resource class keeps both languages side by side and reviewable.
"""
import sys, os
from xml.sax.saxutils import escape

HEAD = '''<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
'''

def write(path, rows, col):
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(HEAD)
        for r in rows:
            f.write('  <data name="%s" xml:space="preserve"><value>%s</value></data>\n' % (escape(r[0], {'"': '&quot;'}), escape(r[col])))
        f.write('</root>\n')

def main(tsv):
    rows, seen = [], set()
    with open(tsv, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            parts = line.split('\t')
            if len(parts) != 3:
                sys.exit('%s:%d: expected name<TAB>ja<TAB>en, got %d fields' % (tsv, n, len(parts)))
            if parts[0] in seen:
                sys.exit('%s:%d: duplicate name %s' % (tsv, n, parts[0]))
            seen.add(parts[0])
            rows.append(parts)
    base = os.path.splitext(tsv)[0]
    write(base + '.resx', rows, 1)
    write(base + '.en.resx', rows, 2)

if __name__ == '__main__':
    for arg in sys.argv[1:]:
        main(arg)
