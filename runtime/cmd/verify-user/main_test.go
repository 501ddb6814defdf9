package main

import "testing"

func TestCheckAddressAcceptsBareAddressesAndRefusesWhatCannotBeOne(t *testing.T) {
	for _, ok := range []string{"ada@example.org", "a.b-c+tag@mail.example.co.uk", "x@a.io"} {
		if err := CheckAddress(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "ada", "ada@", "@example.org", "ada@localhost", "ada@example..org", "Ada <ada@example.org>", "ada@-example.org", "ada@exa_mple.org", "a b@example.org"} {
		if err := CheckAddress(bad); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}
