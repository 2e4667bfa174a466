# lineage build entry points. The README's two commands are scripts/demo.sh and scripts/test.sh;
# these targets are the same steps for people who prefer make.
BUILD ?= build
export BUILD_DIR = $(BUILD)

.PHONY: deps build test demo bench fuzz clean

deps:
	bash scripts/install-deps.sh

build:
	bash scripts/build.sh

test:
	bash scripts/test.sh

demo:
	bash scripts/demo.sh

bench: deps build
	bash bench/run.sh $(BUILD)

fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DLINEAGE_FUZZ=ON -DLINEAGE_TESTS=OFF -DLINEAGE_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build build-fuzz -j $$(nproc)
	bash fuzz/run.sh build-fuzz $${FUZZ_SECONDS:-60}

clean:
	rm -rf $(BUILD) build-fuzz
