"""How much slower this machine runs Python code after it has been idle: none of lead-agent's code involved.

`bench/pipeline.py`'s latency part times each stage's work after a simulated wait of 0.2-2.5 s, and on some machines
a lead's CPU grows with the idle time before it. This times a fixed workload (20,000 dictionary lookups spread over
~100 MB, then 20 `json.loads` of a 10 KB document) six times after each idle time, so a slowdown shown by both is
the machine's (caches, frequency, a virtual machine's descheduled CPU), not the pipeline's.

    uv run python bench/idle_machine.py [--idle 0 0.05 0.5 2.5 0] [--repeat 6]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time

IDLE = [0.0, 0.05, 0.5, 2.5, 0.0]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or '').splitlines()[0])
    parser.add_argument('--idle', type=float, nargs='+', default=IDLE, help='seconds idle before each run, in turn')
    parser.add_argument('--repeat', type=int, default=6, help='runs after each idle time')
    args = parser.parse_args()
    if args.repeat < 1 or any(idle < 0 for idle in args.idle):
        parser.error('--repeat must be at least 1 and --idle at least 0')
    rng = random.Random(1)
    big = {f'k{i}': [rng.random() for _ in range(8)] for i in range(200_000)}
    keys = list(big)
    doc = json.dumps([{'a': i, 'b': str(i) * 5, 'c': [1, 2, 3]} for i in range(300)])

    def work() -> float:
        total = 0.0
        for key in rng.sample(keys, 20_000):
            total += big[key][3]
        for _ in range(20):
            total += len(json.loads(doc))
        return total

    for _ in range(5):
        work()
    for idle in args.idle:
        cpu: list[float] = []
        for _ in range(args.repeat):
            time.sleep(idle)
            start = time.process_time()
            work()
            cpu.append((time.process_time() - start) * 1000)
        print(f'idle {idle:4.2f} s before each: CPU median {statistics.median(cpu):6.1f} ms '
              f'(min {min(cpu):.1f}, max {max(cpu):.1f}, {args.repeat} runs)', flush=True)


if __name__ == '__main__':
    main()
