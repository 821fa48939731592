"""A local fake of three company-enrichment APIs (Clearbit, Apollo, People Data Labs), for tests.

    with FakeEnrichment() as server:
        server.add('pdl', 'havenhospitals.com', pdl_company(name='Haven Hospital Group', employees=4800))
        server.script('clearbit', error(500), delay(2.0))   # the next two Clearbit requests
        lookup = PdlLookup('pdl-key', base_url=server.base_url)
        ...
        assert [r.vendor for r in server.requests] == ['pdl']

Routes (wire shapes: shared/specs/WIRE_FORMATS.md section 5 and payloads/{clearbit,apollo,pdl}_*.json):
`GET /v2/companies/find?domain=` (Clearbit; `Authorization: Bearer <key>`), `GET /api/v1/organizations/enrich?domain=`
(Apollo; `x-api-key`, a 422 when the key comes as a query parameter), `GET /v5/company/enrich?website=` (PDL;
`X-Api-Key`). A wrong or missing key answers 401 in the vendor's error shape; a domain the fake does not know
answers 404. Out of the box each vendor knows its saved docs example (uber.com, apollo.io, peopledatalabs.com).
Scripted steps are queued per vendor and each request to that vendor consumes one. Every request is recorded,
header names lower-cased. Responses close the connection (HTTP/1.0), so no keep-alive socket can hold up shutdown.
"""

from __future__ import annotations

import copy
import json
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from ._server import FakeHandler, LocalServer, send

Vendor = Literal['clearbit', 'apollo', 'pdl']
ROUTES: dict[str, tuple[Vendor, str, str]] = {  # path → vendor, domain parameter, auth header
    '/v2/companies/find': ('clearbit', 'domain', 'authorization'),
    '/api/v1/organizations/enrich': ('apollo', 'domain', 'x-api-key'),
    '/v5/company/enrich': ('pdl', 'website', 'x-api-key'),
}

# payloads/clearbit_company_find.json, value for value
CLEARBIT_UBER: dict[str, Any] = {
    'id': '3f5d6a4e-c284-4f78-bfdf-7669b45af907', 'name': 'Uber', 'legalName': 'Uber Technologies, Inc.',
    'domain': 'uber.com', 'domainAliases': ['uber.org', 'ubercab.com'],
    'site': {'phoneNumbers': [], 'emailAddresses': ['domains@uber.com']},
    'category': {'sector': 'Information Technology', 'industryGroup': 'Software & Services',
                 'industry': 'Internet Software & Services', 'subIndustry': 'Internet Software & Services',
                 'sicCode': '47', 'naicsCode': '51'},
    'tags': ['Technology', 'Marketplace', 'Mobile', 'B2C', 'Ground Transportation', 'Transportation', 'Internet'],
    'description': 'Get a taxi, private car or rideshare from your mobile phone. Uber connects you with a driver in '
                   'minutes. Use our app in cities around the world.',
    'foundedYear': 2009, 'location': '1455 Market St, San Francisco, CA 94103, USA', 'timeZone': 'America/Los_Angeles',
    'utcOffset': -7,
    'geo': {'streetNumber': '1455', 'streetName': 'Market Street', 'subPremise': None, 'city': 'San Francisco',
            'postalCode': '94103', 'state': 'California', 'stateCode': 'CA', 'country': 'United States',
            'countryCode': 'US', 'lat': 37.7752315, 'lng': -122.4175278},
    'logo': 'https://logo.clearbit.com/uber.com', 'facebook': {'handle': 'uber'},
    'linkedin': {'handle': 'company/uber-com'},
    'twitter': {'handle': 'Uber', 'id': '19103481',
                'bio': 'Evolving the way the world moves by seamlessly connecting riders to drivers through our app. '
                       'Question, concern, or praise? Tweet at @Uber_Support.',
                'followers': 570351, 'following': 377, 'location': 'Global', 'site': 'http://t.co/11eIV5LX3Z',
                'avatar': 'https://pbs.twimg.com/profile_images/697242369154940928/p9jxYqy5_normal.png'},
    'crunchbase': {'handle': 'organization/uber'}, 'emailProvider': False, 'type': 'private', 'ticker': None,
    'identifiers': {'usEIN': '452647441'}, 'phone': None, 'indexedAt': '2016-11-07T00:00:00.000Z',
    'metrics': {'alexaUsRank': 544, 'alexaGlobalRank': 943, 'employees': 20313, 'employeesRange': '10k-50k',
                'marketCap': None, 'raised': 10610000000, 'annualRevenue': None,
                'estimatedAnnualRevenue': '$1B-$10B', 'fiscalYearEnd': 12},
    'tech': ['optimizely', 'tealium', 'atlassian_confluence', 'workday', 'talend', 'oracle_peoplesoft', 'salesforce',
             'teradata', 'apache_kafka', 'aws_dynamodb', 'grafana', 'factset', 'dropbox'],
    'techCategories': ['analytics', 'advertising', 'productivity', 'human_capital_management', 'data_management',
                       'business_management', 'crm', 'monitoring'],
    'parent': {'domain': None}, 'ultimateParent': {'domain': None},
}  # fmt: skip

# payloads/apollo_organization_enrich.json (itself an abridged extract of Apollo's docs)
APOLLO_APOLLO: dict[str, Any] = {'organization': {
    'id': '5e66b6381e05b4008c8331b8', 'name': 'Apollo.io', 'website_url': 'http://www.apollo.io', 'blog_url': None,
    'angellist_url': None, 'linkedin_url': 'http://www.linkedin.com/company/apolloio',
    'twitter_url': 'https://twitter.com/meetapollo/', 'facebook_url': 'https://www.facebook.com/MeetApollo',
    'primary_phone': {}, 'languages': [], 'alexa_ranking': 3514, 'phone': None, 'linkedin_uid': '18511550',
    'founded_year': 2015, 'publicly_traded_symbol': None, 'publicly_traded_exchange': None,
    'logo_url': 'https://zenprospect-production.s3.amazonaws.com/uploads/pictures/...', 'crunchbase_url': None,
    'primary_domain': 'apollo.io', 'industry': 'information technology & services',
    'keywords': ['sales engagement', 'lead generation', 'predictive analytics'], 'estimated_num_employees': 1600,
    'industries': ['information technology & services'], 'secondary_industries': [], 'snippets_loaded': True,
    'industry_tag_id': '5567cd4773696439b10b0000',
    'industry_tag_hash': {'information technology & services': '5567cd4773696439b10b0000'},
    'retail_location_count': 0, 'raw_address': '415 Mission St, Floor 37, San Francisco, California 94105, US',
    'street_address': '415 Mission St', 'city': 'San Francisco', 'state': 'California', 'postal_code': '94105-2301',
    'country': 'United States', 'owned_by_organization_id': None,
    'seo_description': 'Search, engage, and convert over 275 million contacts...',
}}  # fmt: skip

# payloads/pdl_company_enrich_minimal.json (abridged by PDL's docs: the profile fields are left out)
PDL_PDL: dict[str, Any] = {'status': 200, 'name': 'people data labs', 'id': 'tnHcNHbCv8MKeLh92946LAkX6PKg',
                           'likelihood': 6}


def clearbit_company(domain: str, name: str, employees: int | None = None, industry: str | None = None,
                     country: str | None = None, tech: list[str] | None = None) -> dict[str, Any]:
    """The saved Clearbit example with this company's facts in place of Uber's."""
    body = copy.deepcopy(CLEARBIT_UBER)
    body.update(name=name, legalName=name, domain=domain, domainAliases=[], description=f'{name}.', tech=tech or [])
    body['metrics']['employees'], body['category']['industry'] = employees, industry
    body['geo'].update(country=None, countryCode=country)
    return body


def apollo_company(domain: str, name: str, employees: int | None = None, industry: str | None = None,
                   country: str | None = None) -> dict[str, Any]:
    """The saved Apollo example with this company's facts (`country` as Apollo writes it: a name)."""
    body = copy.deepcopy(APOLLO_APOLLO)
    body['organization'].update(name=name, primary_domain=domain, website_url=f'http://www.{domain}',
                                estimated_num_employees=employees, industry=industry, country=country,
                                seo_description=f'{name}.')
    return body


def pdl_company(name: str, employees: int | None = None, industry: str | None = None, country: str | None = None,
                summary: str | None = None) -> dict[str, Any]:
    """A PDL company record: the saved minimal example plus the documented profile fields (names lower-cased)."""
    return {**PDL_PDL, 'name': name.lower(), 'display_name': name, 'employee_count': employees, 'industry': industry,
            'summary': summary, 'size': None, 'location': {'name': None, 'country': country}}


def error_body(vendor: Vendor, status: int, message: str) -> dict[str, Any]:
    if vendor == 'clearbit':
        kind = {404: 'unknown_record', 202: 'queued', 401: 'auth_required', 429: 'rate_limit'}.get(status, 'api_error')
        return {'error': {'type': kind, 'message': message}}
    if vendor == 'apollo':
        return {'message': message} if status == 429 else {'error': message}
    return {'status': status, 'error': {'type': 'error', 'message': message}}


@dataclass(frozen=True)
class Answer:
    """A scripted answer: an error status, a 200 with a given body, or bytes that are not JSON."""

    status: int = 200
    body: Any = None  # None with an error status: the vendor's own error shape
    raw: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict[str, str])


@dataclass(frozen=True)
class Delay:
    seconds: float
    then: Answer | None = None  # None: the normal answer


Step = Answer | Delay


def error(status: int, body: Any = None, headers: dict[str, str] | None = None) -> Answer:
    return Answer(status, body, headers=dict(headers or {}))


def reply(body: Any) -> Answer:
    return Answer(200, body)


def malformed() -> Answer:
    return Answer(200, raw=b'{"name": "Acme", "metrics": {')


def delay(seconds: float, then: Answer | None = None) -> Delay:
    """Wait before answering; the wait ends early (and the request is dropped) when the server closes."""
    return Delay(seconds, then)


@dataclass(frozen=True)
class RecordedRequest:
    vendor: Vendor
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # names lower-cased

    @property
    def domain(self) -> str:
        return self.query.get('website' if self.vendor == 'pdl' else 'domain', '')


class _Handler(FakeHandler):
    timeout = 10

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        headers = {k.lower(): v for k, v in self.headers.items()}
        route = ROUTES.get(url.path)
        if route is None:
            return self._send(404, {'error': f'FakeEnrichment: no route {url.path}'})
        vendor, param, auth = route
        fake = self.fake
        fake._record(RecordedRequest(vendor, url.path, query, headers))
        key = fake.keys[vendor]
        if vendor == 'apollo' and 'api_key' in query:
            return self._send(422, {'error': 'API key must be passed in the X-Api-Key header for security reasons'})
        if headers.get(auth) != (f'Bearer {key}' if vendor == 'clearbit' else key):
            message = 'Invalid access credentials.' if vendor == 'apollo' else 'Invalid API key'
            return self._send(401, error_body(vendor, 401, message))
        step = fake._next_step(vendor)
        while isinstance(step, Delay):
            if fake._closing.wait(step.seconds):
                return  # shutting down: drop the request
            step = step.then
        if step is not None:
            if step.raw is not None:
                return self._send(step.status, step.raw, step.headers)
            body = step.body if step.body is not None or step.status == 200 else \
                error_body(vendor, step.status, f'FakeEnrichment: scripted {step.status}')
            return self._send(step.status, body, step.headers)
        found = fake.companies[vendor].get(query.get(param, '').casefold())
        if found is None:
            return self._send(404, error_body(vendor, 404, 'No records were found matching your request'))
        self._send(200, found)

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        send(self, status, data, 'application/json', headers)


class FakeEnrichment(LocalServer):
    """Clearbit/Apollo/PDL-compatible HTTP server on 127.0.0.1 (one port, all three); use as a context manager."""

    handler = _Handler
    thread_name = 'fake-enrichment'

    def __init__(self, keys: dict[Vendor, str] | None = None) -> None:
        super().__init__()
        self.keys: dict[Vendor, str] = {'clearbit': 'cb-key', 'apollo': 'ap-key', 'pdl': 'pdl-key', **(keys or {})}
        self.companies: dict[Vendor, dict[str, Any]] = {
            'clearbit': {'uber.com': CLEARBIT_UBER}, 'apollo': {'apollo.io': APOLLO_APOLLO},
            'pdl': {'peopledatalabs.com': PDL_PDL},
        }
        self._requests: list[RecordedRequest] = []
        self._steps: dict[Vendor, deque[Step]] = {v: deque() for v in self.keys}
        self._lock = threading.Lock()

    def add(self, vendor: Vendor, domain: str, body: dict[str, Any]) -> FakeEnrichment:
        """Make `vendor` answer 200 with `body` for `domain`."""
        self.companies[vendor][domain.casefold()] = body
        return self

    def script(self, vendor: Vendor, *steps: Step) -> FakeEnrichment:
        """Queue answers for `vendor`; each of its requests consumes one, in order, before the normal behaviour."""
        with self._lock:
            self._steps[vendor].extend(steps)
        return self

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def base_url(self) -> str:
        return f'http://127.0.0.1:{self.port}'

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _next_step(self, vendor: Vendor) -> Step | None:
        with self._lock:
            steps = self._steps[vendor]
            return steps.popleft() if steps else None
