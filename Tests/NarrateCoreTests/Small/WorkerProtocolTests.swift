import Testing
@testable import NarrateCore

/// The Swift side of the worker pipe protocol, against the byte layout `worker.c` reads and
/// writes (documented in CNarrateWorker.h).
@Suite(.tags(.small)) struct WorkerProtocolTests {
    static func le(_ values: Int32...) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.littleEndian, Array.init) }
    }

    @Test func requestFrameIsLengthThenFieldsThenFourStrings() {
        let request = WorkerProtocol.Request(
            voice: "en+f3", language: "en", variant: "f3", rate: 175, pitch: 50, volume: 100, fault: 2, text: "Hé")
        let body = Self.le(175, 50, 100, 2, 1)
            + Self.le(5) + Array("en+f3".utf8) + Self.le(2) + Array("en".utf8)
            + Self.le(2) + Array("f3".utf8) + Self.le(3) + [0x48, 0xC3, 0xA9]
        #expect(request.encoded == body)
        #expect(request.frame == Self.le(Int32(body.count)) + body)
    }

    @Test func validationRequestHasNoTextFlagAndEmptyStrings() {
        let request = WorkerProtocol.Request(voice: "de", language: nil, variant: nil, rate: 1, pitch: 2, volume: 3)
        #expect(request.encoded == Self.le(1, 2, 3, 0, 0) + Self.le(2) + Array("de".utf8) + Self.le(0, 0, 0))
    }

    @Test func responseHeaderReadsOutcomeDetailAndLength() {
        let header = WorkerProtocol.ResponseHeader(Self.le(1, 9, 1234))
        #expect(header == WorkerProtocol.ResponseHeader(exitedNormally: false, detail: 9, length: 1234))
        #expect(WorkerProtocol.ResponseHeader(Self.le(0, 0, 0)).exitedNormally)
    }

    @Test func recordsGiveSamplesWordsAndStatus() throws {
        let body = Self.le(2, 120, 1, 3) + Self.le(1, 2) + [0x01, 0x00, 0xFF, 0xFF] + Self.le(1, 1) + [0x10, 0x00] + Self.le(0, 7)
        let response = WorkerProtocol.Response(header: .init(exitedNormally: true, detail: 0, length: body.count), body: body)
        let records = try response.records()
        #expect(records.samples == [1, -1, 16])
        #expect(records.words == [WorkerProtocol.WordEvent(milliseconds: 120, position: 1, length: 3)])
        #expect(records.status == 7)
    }

    @Test func damagedRecordsAreAFailedWorker() {
        let cases: [([UInt8], String)] = [
            (Self.le(1, 4) + [0, 0], "its output was cut short"),
            (Self.le(9, 0), "it wrote an unknown record"),
            (Self.le(1, 1) + [0, 0], "it ended without finishing"),
            (Self.le(0), "its output was cut short"),
        ]
        for (bytes, reason) in cases {
            #expect(throws: SynthesisError.workerFailed(reason: reason)) { try WorkerProtocol.Records.parse(bytes) }
        }
    }

    @Test func aGrandchildThatDiedIsNamedBySignalOrStatus() {
        func reason(_ detail: Int32) -> SynthesisError {
            do {
                _ = try WorkerProtocol.Response(header: .init(exitedNormally: false, detail: detail, length: 0), body: []).records()
            } catch let error as SynthesisError {
                return error
            } catch {}
            return .workerFailed(reason: "no error")
        }
        #expect(reason(6) == .workerFailed(reason: "the synthesis process was killed by signal 6"))
        #expect(reason(0) == .workerFailed(reason: "the synthesis process failed"))
        #expect(reason(128) == .workerFailed(reason: "the synthesis process exited with status 128"))
    }
}
