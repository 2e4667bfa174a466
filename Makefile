# lineage build entry points. `make demo` and `make test` are the two commands in the README.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: deps configure build test demo bench fuzz clean

deps:
	bash scripts/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

configure: $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: deps build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

demo: deps build
	bash scripts/demo.sh $(BUILD)/lineage

bench: deps build
	bash bench/run.sh $(BUILD)

fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DLINEAGE_FUZZ=ON -DLINEAGE_TESTS=OFF -DLINEAGE_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build build-fuzz -j $(JOBS)
	bash fuzz/run.sh build-fuzz $${FUZZ_SECONDS:-60}

clean:
	rm -rf $(BUILD) build-fuzz
