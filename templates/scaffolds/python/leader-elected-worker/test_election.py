import unittest
from datetime import datetime, timedelta, timezone

from election import ACQUIRE, CREATE, RENEW, STANDBY, Observed, claim, decide, keep_leading, micro_time

T0 = datetime(2025, 1, 1, 12, 0, 0, tzinfo=timezone.utc)


def held(by, renewed):
    return {"spec": {"holderIdentity": by, "leaseDurationSeconds": 15, "renewTime": micro_time(renewed)}}


def later(seconds):
    return T0 + timedelta(seconds=seconds)


class DecideTest(unittest.TestCase):
    def test_no_lease_means_create(self):
        self.assertEqual(decide(None, "pod-a", T0, Observed())[0], CREATE)

    def test_our_own_lease_is_renewed(self):
        self.assertEqual(decide(held("pod-a", T0), "pod-a", later(1), Observed())[0], RENEW)

    def test_a_free_lease_is_acquired(self):
        self.assertEqual(decide(held("", T0), "pod-a", T0, Observed())[0], ACQUIRE)

    def test_another_holders_lease_is_respected_until_it_expires_on_our_clock(self):
        lease = held("pod-b", T0)
        action, seen = decide(lease, "pod-a", later(1), Observed())
        self.assertEqual(action, STANDBY)
        action, seen = decide(lease, "pod-a", later(15), seen)  # 14 s on our clock
        self.assertEqual(action, STANDBY)
        self.assertEqual(decide(lease, "pod-a", later(17), seen)[0], ACQUIRE)
        self.assertEqual(decide(held("pod-b", later(16)), "pod-a", later(17), seen)[0], STANDBY)  # renewed

    def test_claim_takes_the_lease_and_counts_transitions(self):
        taken = claim(held("pod-b", T0), ACQUIRE, "pod-a", later(20), 15)["spec"]
        self.assertEqual((taken["holderIdentity"], taken["leaseTransitions"], taken["renewTime"]), ("pod-a", 1, "2025-01-01T12:00:20.000000Z"))
        self.assertEqual(taken["acquireTime"], taken["renewTime"])
        renewed = claim({"spec": taken}, RENEW, "pod-a", later(22), 15)["spec"]
        self.assertEqual((renewed["acquireTime"], renewed["leaseTransitions"]), (taken["acquireTime"], 1))
        self.assertNotEqual(renewed["renewTime"], taken["renewTime"])

    def test_a_leader_stops_at_the_renew_deadline(self):
        self.assertTrue(keep_leading(T0, later(9), 10))
        self.assertFalse(keep_leading(T0, later(10), 10))


if __name__ == "__main__":
    unittest.main()
