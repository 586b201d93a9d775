import Foundation
import Testing

@testable import VaultSigning

/// OpenSSH's wire encoding and armour (SSHWire.swift), on bytes written by hand from RFC 4251
/// §5 and from ssh-keygen's output layout.
@Suite struct SSHWireTests {
    @Test func writesUInt32sAndStringsAsRFC4251Says() {
        var writer = SSHWriter()
        writer.uint32(0x0102_0304)
        writer.string("ssh-ed25519")
        writer.string([UInt8]())
        writer.raw([0xFF])
        #expect(
            writer.bytes
                == [1, 2, 3, 4, 0, 0, 0, 11] + Array("ssh-ed25519".utf8) + [0, 0, 0, 0] + [0xFF])
    }

    @Test func readsBackWhatWasWrittenAndNothingPastTheEnd() {
        var writer = SSHWriter()
        writer.string("SSHSIG")
        writer.uint32(7)
        var reader = SSHReader(writer.bytes)
        #expect(reader.text() == "SSHSIG")
        #expect(reader.uint32() == 7)
        #expect(reader.uint32() == nil)
        #expect(reader.raw(1) == nil)
    }

    @Test func aLengthBeyondTheBytesIsRefusedNotRead() {
        // A string that says it has 16 bytes and has 3; a uint32 cut after two bytes.
        var reader = SSHReader([0, 0, 0, 16, 0x61, 0x62, 0x63])
        #expect(reader.string() == nil)
        var short = SSHReader([0, 1])
        #expect(short.uint32() == nil)
        // A length of 2^32 − 1 must not wrap around.
        var huge = SSHReader([0xFF, 0xFF, 0xFF, 0xFF, 0x61])
        #expect(huge.string() == nil)
    }

    @Test func armourWrapsAtSeventyAndUnwrapsWhateverTheLineEnds() {
        let bytes = [UInt8](0..<100)
        let text = SSHArmor.wrap(bytes, label: "SSH SIGNATURE")
        let lines = text.split(separator: "\n")
        #expect(lines.first == "-----BEGIN SSH SIGNATURE-----")
        #expect(lines.last == "-----END SSH SIGNATURE-----")
        // 100 bytes are 136 Base64 characters: 70 and 66.
        #expect(lines.dropFirst().dropLast().map(\.count) == [70, 66])
        #expect(SSHArmor.unwrap(text, label: "SSH SIGNATURE") == bytes)
        #expect(SSHArmor.unwrap(text.replacingOccurrences(of: "\n", with: "\r\n"), label: "SSH SIGNATURE") == bytes)
        #expect(SSHArmor.unwrap("prefix\n" + text + "suffix\n", label: "SSH SIGNATURE") == bytes)
        #expect(SSHArmor.unwrap(text, label: "OPENSSH PRIVATE KEY") == nil)
        #expect(SSHArmor.unwrap("-----BEGIN X-----\n%%%\n-----END X-----\n", label: "X") == nil)
    }
}
