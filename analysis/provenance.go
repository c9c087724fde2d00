package analysis

import (
	"fmt"
	"os/exec"
	"reflect"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Provenance records how a run's numbers were made; a Report prints it.
type Provenance struct {
	// Command is the command line or notebook that made the run.
	Command string
	// Seed is the seed of the run's *rand.Rand.
	Seed uint64
	// Commit is the git commit of the code ("" is printed as "unknown").
	Commit string
	// GoVersion is runtime.Version() of the binary.
	GoVersion string
	// Started is when the run began; WallTime how long it took.
	Started  time.Time
	WallTime time.Duration
	// Settings are the run's configuration, in order (see SettingsOf, SettingsFromMap).
	Settings []Setting
	// Extra are further provenance lines (e.g. the BLAS backend), shown after the others.
	Extra []Setting
}

// NewProvenance fills the Go version, the git commit (GitCommit) and the start time; the caller
// sets WallTime when the run ends.
func NewProvenance(command string, seed uint64, settings []Setting) Provenance {
	return Provenance{
		Command:   command,
		Seed:      seed,
		Commit:    GitCommit(),
		GoVersion: runtime.Version(),
		Started:   time.Now(),
		Settings:  settings,
	}
}

func (p Provenance) summary() []Setting {
	or := func(s, def string) string {
		if s == "" {
			return def
		}
		return s
	}
	out := []Setting{
		{"command", or(p.Command, "—")},
		{"seed", strconv.FormatUint(p.Seed, 10)},
		{"commit", or(p.Commit, "unknown")},
		{"Go version", or(p.GoVersion, "unknown")},
	}
	if !p.Started.IsZero() {
		out = append(out, Setting{"started", p.Started.Format(timeFormat)})
	}
	if p.WallTime > 0 {
		out = append(out, Setting{"wall time", p.WallTime.Round(time.Millisecond).String()})
	}
	return append(out, p.Extra...)
}

// GitCommit returns the commit the binary was built from (Go's VCS stamp), or else the commit
// of the git work tree around the current directory, with "-dirty" when it has uncommitted
// changes; "" when neither is known.
func GitCommit() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev != "" {
			if modified == "true" {
				rev += "-dirty"
			}
			return rev
		}
	}
	out, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		return ""
	}
	rev := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(strings.TrimSpace(string(st))) > 0 {
		rev += "-dirty"
	}
	return rev
}

// SettingsFromMap lists a map's entries as settings, sorted by key.
func SettingsFromMap(m map[string]any) []Setting {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]Setting, len(keys))
	for i, k := range keys {
		out[i] = Setting{k, fmt.Sprint(m[k])}
	}
	return out
}

// SettingsOf lists the exported fields of a struct (or pointer to one) as settings, in field
// order, nested structs flattened as "Outer.Inner". It panics if v is not a struct.
func SettingsOf(v any) []Setting {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		panic(fmt.Sprintf("analysis: SettingsOf: %T is not a struct", v))
	}
	var out []Setting
	settingsOf(rv, "", &out)
	return out
}

func settingsOf(rv reflect.Value, prefix string, out *[]Setting) {
	rt := rv.Type()
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		if !f.IsExported() {
			continue
		}
		fv := rv.Field(i)
		name := prefix + f.Name
		if fv.Kind() == reflect.Struct && fv.Type() != reflect.TypeOf(time.Time{}) {
			settingsOf(fv, name+".", out)
			continue
		}
		if fv.Kind() == reflect.Func || fv.Kind() == reflect.Chan || fv.Kind() == reflect.Interface && !fv.IsNil() && fv.Elem().Kind() == reflect.Pointer {
			// Functions, channels and sources of randomness are not settings.
			continue
		}
		*out = append(*out, Setting{name, fmt.Sprint(fv.Interface())})
	}
}
